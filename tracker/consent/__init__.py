"""The consent step (usulan perubahan): a change that affects other parties waits for their yes."""
