// Starts Swagger UI on /api/docs without inline script (the console's CSP forbids it).
window.ui = SwaggerUIBundle({url: "/api/openapi.json", dom_id: "#swagger-ui"});
