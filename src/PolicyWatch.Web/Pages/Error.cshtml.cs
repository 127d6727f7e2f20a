using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PolicyWatch.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "Something went wrong";

    public string Explanation { get; private set; } = "The error has been logged. Please try again later.";

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
            Explanation = "Something in the address is not valid.";
        }
        if (code is not null) Response.StatusCode = code.Value;
    }
}
