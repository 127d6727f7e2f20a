using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PolicyWatch.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    private const string ReasonKey = "PolicyWatch.ErrorReason";

    public string Heading { get; private set; } = "Something went wrong";

    public string Explanation { get; private set; } = "The error has been logged. Please try again later.";

    /// <summary>Answers 400 with this page, saying what in the address is wrong.</summary>
    public static IActionResult BadRequest(HttpContext context, string reason)
    {
        context.Items[ReasonKey] = reason;
        return new StatusCodeResult(StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// The exception handler and the status code pages re-execute this page with the method of the request
    /// that failed (a POST, a TRACE…), for which it has no handler: it answers every method as it answers GET.
    /// </summary>
    [NonHandler] // else Razor Pages takes it for the handler of a PAGE request
    public override void OnPageHandlerSelected(PageHandlerSelectedContext context) =>
        context.HandlerMethod ??= context.ActionDescriptor.HandlerMethods.Single(h => h.HttpMethod == "Get");

    public void OnGet(int? code)
    {
        // The status pages pass an error status; a visitor may pass anything, and Kestrel would write -5 as a status line.
        if (code is not (>= 400 and <= 599)) code = null;
        if (code == 404)
        {
            Heading = "Not found";
            Explanation = "There is nothing at this address. It may have been mistyped, or the jurisdiction, dossier or item does not exist.";
        }
        else if (code == 405)
        {
            Heading = "Method not allowed";
            Explanation = $"This address answers {Listed(Response.Headers.Allow.ToString().Split(", ", StringSplitOptions.RemoveEmptyEntries))} requests, not {Request.Method}.";
        }
        else if (code is >= 400 and < 500)
        {
            Heading = "That request cannot be answered";
            Explanation = HttpContext.Items[ReasonKey] is string reason
                ? $"Something in the address is not valid: {reason}."
                : "Something in the address is not valid.";
        }
        if (code is not null) Response.StatusCode = code.Value;
    }

    /// <summary>"GET and HEAD", "GET, HEAD and POST".</summary>
    private static string Listed(string[] methods) =>
        methods.Length < 2 ? string.Concat(methods) : $"{string.Join(", ", methods[..^1])} and {methods[^1]}";
}
