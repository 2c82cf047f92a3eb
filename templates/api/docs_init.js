// Renders the OpenAPI document with the locally served Swagger UI bundle (no CDN).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: {{ spec_url|tojson }},
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
  });
});
