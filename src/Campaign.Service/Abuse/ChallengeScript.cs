namespace Campaign.Service.Abuse;

/// <summary>
/// The one script of the public pages, served from our own origin (<c>script-src 'self'</c>): it solves the sign
/// form's challenge with the browser's Web Crypto, so the number is found on the supporter's device and no request
/// goes anywhere. Only a form that carries a challenge loads it; the form works without it otherwise.
/// </summary>
/// <remarks>
/// Written here rather than vendoring ALTCHA's widget: what the page needs is a loop of SHA-256 and three lines of
/// status, and a script of our own is one we can read in full. The format is ALTCHA's, so their widget would work.
/// </remarks>
public static class ChallengeScript
{
    public const string Path = "/assets/challenge.js";

    // Hashes in batches of parallel digests: one await per number would spend its time in the event loop.
    private const string Script = """
        "use strict";
        (function () {
          var box = document.querySelector("[data-challenge]");
          if (!box || !window.crypto || !crypto.subtle) return;
          var form = box.closest("form");
          var field = form.querySelector("input[name=challenge]");
          var button = form.querySelector("button[type=submit]");
          var status = box.querySelector("[data-status]");
          var challenge = JSON.parse(box.getAttribute("data-challenge"));
          var encoder = new TextEncoder();
          function hex(buffer) {
            return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
          }
          async function solve() {
            var started = Date.now();
            for (var from = 0; from <= challenge.maxnumber; from += 256) {
              var batch = [];
              for (var n = from; n < from + 256 && n <= challenge.maxnumber; n++)
                batch.push(crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + n)));
              var hashes = await Promise.all(batch);
              for (var i = 0; i < hashes.length; i++) {
                if (hex(hashes[i]) === challenge.challenge)
                  return { algorithm: challenge.algorithm, challenge: challenge.challenge, number: from + i,
                           salt: challenge.salt, signature: challenge.signature, took: Date.now() - started };
              }
            }
            return null;
          }
          button.disabled = true;
          status.textContent = box.getAttribute("data-working");
          solve().then(function (solution) {
            if (!solution) { status.textContent = box.getAttribute("data-failed"); return; }
            field.value = btoa(JSON.stringify(solution));
            status.textContent = box.getAttribute("data-done");
            button.disabled = false;
            // The supporter already pressed Sign once, and was asked for this check: finish what they started.
            if (box.hasAttribute("data-resubmit")) form.requestSubmit(button);
          }, function () { status.textContent = box.getAttribute("data-failed"); button.disabled = false; });
        })();
        """;

    public static IEndpointRouteBuilder MapChallengeScript(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(Script, "text/javascript; charset=utf-8");
        });
        return app;
    }
}
