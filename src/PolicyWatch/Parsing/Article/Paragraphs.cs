using System.Text;
using AngleSharp.Dom;
using PolicyWatch.Normalizing;
using PolicyWatch.Parsing.Html;

namespace PolicyWatch.Parsing.Article;

/// <summary>
/// The text of a block as paragraphs: each block element, and each run of inline text between
/// blocks, becomes one paragraph, as a reader sees it on the page.
/// </summary>
internal static class Paragraphs
{
    private static readonly HashSet<string> ListLike = ["ul", "ol", "dl", "div", "section", "table", "form"];

    /// <param name="dropLinkLists">Leave out link lists ("related stories", tag clouds) and paragraphs that are mostly a link.</param>
    public static IReadOnlyList<string> Of(IElement root, bool dropLinkLists)
    {
        var collector = new Collector(dropLinkLists);
        collector.Block(root);
        collector.Flush();
        return collector.Result;
    }

    private sealed class Collector(bool dropLinkLists)
    {
        private readonly StringBuilder _run = new();
        private int _linkChars;
        private int _linkDepth;

        public List<string> Result { get; } = [];

        public void Block(IElement element)
        {
            foreach (var child in element.ChildNodes) Node(child);
        }

        public void Flush()
        {
            var text = HtmlText.CollapseWhitespace(_run.ToString());
            var linkShare = text.Length == 0 ? 0 : (double)_linkChars / text.Length;
            if (text.Length > 0 && !(dropLinkLists && linkShare > 0.5)) Result.Add(text);
            _run.Clear();
            _linkChars = 0;
        }

        private void Node(INode node)
        {
            switch (node)
            {
                case IText text:
                    _run.Append(text.Data);
                    if (_linkDepth > 0) _linkChars += HtmlText.CollapseWhitespace(text.Data).Length;
                    return;
                case IElement element:
                    Element(element);
                    return;
            }
        }

        private void Element(IElement element)
        {
            if (HtmlBlocks.IsInvisible(element)) return;
            // The headline is the title, not part of the text.
            if (element.LocalName is "h1" or "br" or "hr" || IsLinkList(element))
            {
                Flush();
                return;
            }
            if (HtmlBlocks.IsBlock(element))
            {
                Flush();
                Block(element);
                Flush();
                return;
            }
            var link = element.LocalName == "a";
            if (link) _linkDepth++;
            Block(element);
            if (link) _linkDepth--;
        }

        /// <summary>A list or box that is mostly links and holds no real prose: related stories, tags, share bars.</summary>
        private bool IsLinkList(IElement element) =>
            dropLinkLists
            && ListLike.Contains(element.LocalName)
            && (Boilerplate.ClassWeight(element) < 0
                || (ElementText.Of(element).Count(c => c == ',') < 10 && ContentScorer.LinkDensity(element) > 0.33));
    }
}
