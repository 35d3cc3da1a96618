// Starts Swagger UI on the Worker's own OpenAPI description. Kept out of index.html so that the
// page's Content-Security-Policy needs no 'unsafe-inline' for scripts.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  // No badge that would send the description to validator.swagger.io.
  validatorUrl: null,
});
