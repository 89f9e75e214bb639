// The API reference: Swagger UI from npm (served under /vendor), reading /api/v1/openapi.json.
// Nothing is loaded from outside the service, so the page works offline and under the strict CSP.
import { logout } from "/static/js/api.js";

document.getElementById("out").onclick = logout;
window.SwaggerUIBundle({
  url: "/api/v1/openapi.json",
  dom_id: "#swagger",
  deepLinking: true,
  // Swagger UI would otherwise ask validator.swagger.io about the document: no outside calls.
  validatorUrl: null,
  tryItOutEnabled: false,
});
