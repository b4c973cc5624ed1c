/*
 * Starts Swagger UI (vendor/swagger-ui-dist) in the element #swagger-ui.
 * The page loads vendor/swagger-ui-dist/swagger-ui.css, vendor/swagger-ui-dist/swagger-ui-bundle.js
 * and then this file; no inline script is needed. The spec comes from the element's data-src
 * when given, else /api/v1/openapi.json. "Try it out" requests carry the page's CSRF token
 * (<meta name="csrf-token">) and the session cookie.
 */
(function () {
  "use strict";

  function start() {
    var node = document.getElementById("swagger-ui");
    if (!node) return;
    if (typeof window.SwaggerUIBundle !== "function") {
      var p = document.createElement("p");
      p.className = "fw-widget-error";
      p.textContent = "The API browser (Swagger UI) is not loaded.";
      node.replaceChildren(p);
      return;
    }
    var meta = document.querySelector('meta[name="csrf-token"]');
    var token = meta ? meta.getAttribute("content") || "" : "";
    window.fwSwaggerUi = window.SwaggerUIBundle({
      url: node.getAttribute("data-src") || "/api/v1/openapi.json",
      dom_id: "#swagger-ui",
      deepLinking: true,
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
      // no call to the public validator service (offline, and the CSP would refuse it)
      validatorUrl: null,
      docExpansion: "list",
      defaultModelsExpandDepth: 0,
      tryItOutEnabled: false,
      requestInterceptor: function (req) {
        var sameOrigin = true;
        try {
          sameOrigin = new URL(req.url, window.location.href).origin === window.location.origin;
        } catch (e) {
          sameOrigin = false;
        }
        if (sameOrigin) {
          req.credentials = "same-origin";
          if (token && req.method && req.method.toUpperCase() !== "GET") {
            req.headers = req.headers || {};
            req.headers["X-CSRF-Token"] = token;
          }
        }
        return req;
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
