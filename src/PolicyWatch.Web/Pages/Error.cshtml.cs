using Microsoft.AspNetCore.Mvc;
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

    public void OnGet(int? code)
    {
        if (code == 404)
        {
            Heading = "Not found";
            Explanation = "There is nothing at this address. It may have been mistyped, or the jurisdiction, dossier or item does not exist.";
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
}
