using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PolicyWatch.Web.Hosting;

/// <summary>
/// Pages are read, not written: they answer GET and HEAD, and another method only where the page
/// declares a handler for it (an OnPost…; none does today). Anything else is 405 with Allow, before
/// the antiforgery check (which would call a POST a bad request) and before a page renders without
/// the handler that fills its model (which was a 500 for TRACE).
/// </summary>
public sealed class PageMethods : IAuthorizationFilter, IOrderedFilter
{
    // First of all filters, the antiforgery check included.
    public int Order => int.MinValue;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        if (context.ActionDescriptor is not CompiledPageActionDescriptor page || IsErrorPage(context.HttpContext)) return;
        var allowed = Allowed(page);
        if (allowed.Contains(context.HttpContext.Request.Method, StringComparer.OrdinalIgnoreCase)) return;
        context.HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
        context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
    }

    /// <summary>GET and HEAD, then the methods of the page's own handlers, as an Allow header lists them.</summary>
    public static IReadOnlyList<string> Allowed(CompiledPageActionDescriptor page) =>
        new[] { HttpMethods.Get, HttpMethods.Head }.Concat(page.HandlerMethods.Select(h => h.HttpMethod.ToUpperInvariant())).Distinct().ToList();

    /// <summary>
    /// The exception handler and the status code pages re-execute the error page with the method of the
    /// request that failed, this 405 included: it must answer them all.
    /// </summary>
    private static bool IsErrorPage(HttpContext context) =>
        context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;
}
