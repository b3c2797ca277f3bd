namespace Campaign.Service.Pages;

/// <summary>
/// The share step's one script, from our own origin (the policy allows no other): it shows the native-share
/// button only where the browser has <c>navigator.share</c>, and opens the share sheet with the campaign's text
/// and link. Without it the page is the same minus that button.
/// </summary>
public static class ShareScript
{
    public const string Path = "/assets/share.js";

    private const string Script = """
        "use strict";
        (function () {
          var button = document.querySelector("button.native-share");
          if (!button || typeof navigator.share !== "function") return;
          var data = { title: button.getAttribute("data-title"), text: button.getAttribute("data-text"), url: button.getAttribute("data-url") };
          if (typeof navigator.canShare === "function" && !navigator.canShare(data)) return;
          button.hidden = false;
          button.addEventListener("click", function () {
            // A supporter who closes the sheet has not failed at anything: nothing to say.
            navigator.share(data).catch(function () {});
          });
        })();
        """;

    public static IEndpointRouteBuilder MapShareScript(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(Script, "text/javascript; charset=utf-8");
        });
        return app;
    }
}
