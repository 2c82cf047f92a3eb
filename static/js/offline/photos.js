// Light photos: a phone photo (often 3–8 MB) is sent at most 1600 px on its longest side as a
// JPEG of quality 0.8, turned the way the camera recorded it. Other files go as they are;
// the server checks every file's content as before.
(function (scope) {
  "use strict";
  var LONGEST = 1600;
  var QUALITY = 0.8;
  var RESIZABLE = /^image\/(jpeg|png|webp)$/;

  function jpegName(name) { return name.replace(/\.[^.]+$/, "") + ".jpg"; }

  function encode(bitmap, width, height) {
    var canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    var context = canvas.getContext("2d");
    context.fillStyle = "#fff";  // a transparent PNG gets a white, not black, background
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0, width, height);
    return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", QUALITY); });
  }

  /** {blob, name, type, original_size, size}: the photo as it will be sent. */
  function prepare(file) {
    var same = { blob: file, name: file.name, type: file.type, original_size: file.size, size: file.size };
    if (!scope.SinergiPhotos.enabled || !RESIZABLE.test(file.type) || !scope.createImageBitmap) {
      return Promise.resolve(same);
    }
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, LONGEST / Math.max(bitmap.width, bitmap.height));
      var width = Math.round(bitmap.width * scale);
      var height = Math.round(bitmap.height * scale);
      return encode(bitmap, width, height).then(function (blob) {
        if (bitmap.close) { bitmap.close(); }
        if (!blob || blob.size >= file.size) { return same; }  // already small: keep the original
        return { blob: blob, name: jpegName(file.name), type: "image/jpeg", original_size: file.size, size: blob.size };
      });
    }).catch(function () { return same; });  // a format the browser cannot draw goes unchanged
  }

  function size(bytes) {
    var lang = document.documentElement.lang || "id";
    if (bytes < 1048576) { return Math.max(1, Math.round(bytes / 1024)).toLocaleString(lang) + " KB"; }
    return (bytes / 1048576).toLocaleString(lang, { maximumFractionDigits: 1 }) + " MB";
  }

  scope.SinergiPhotos = { prepare: prepare, size: size, enabled: true };
})(self);
