/*
 * What a person sees when a callback is refused or fails. Dash reports those only in the
 * browser console, so this watches the renderer's callback requests:
 * - 401 (the session ended: idle timeout, password reset, account disabled): go to the
 *   sign-in page, which says why, and come back to this page afterwards;
 * - 400/403/500: show the server's message (with its reference id) in a banner.
 * Loaded from assets/ (same origin), so the Content Security Policy allows it.
 */
(function () {
  "use strict";
  var CALLBACK_PATH = "/_dash-update-component";
  var BANNER_ID = "app-callback-error";
  var originalFetch = window.fetch.bind(window);

  function requestUrl(input) {
    if (typeof input === "string") return input;
    return (input && input.url) || "";
  }

  function showBanner(message) {
    var banner = document.getElementById(BANNER_ID);
    if (!banner) {
      banner = document.createElement("div");
      banner.id = BANNER_ID;
      banner.setAttribute("role", "alert");
      banner.className = "alert alert-danger app-callback-error shadow";
      document.body.appendChild(banner);
    }
    banner.textContent = message;
  }

  function goToSignIn(reason) {
    var here = window.location.pathname + window.location.search;
    var query = "reason=" + encodeURIComponent(reason || "ended");
    if (here !== "/") query += "&next=" + encodeURIComponent(here);
    window.location.assign("/login?" + query);
  }

  window.fetch = function (input, init) {
    return originalFetch(input, init).then(function (response) {
      if (requestUrl(input).indexOf(CALLBACK_PATH) === -1 || response.ok) return response;
      if (response.status === 401) {
        response
          .json()
          .catch(function () { return {}; })
          .then(function (body) { goToSignIn(body.reason); });
        // The page is leaving: the renderer gets "nothing to update" instead of an error.
        return new Response(null, { status: 204 });
      }
      response
        .clone()
        .json()
        .catch(function () { return {}; })
        .then(function (body) {
          showBanner(body.message || "Something went wrong. Please reload the page.");
        });
      return response;
    });
  };
})();
