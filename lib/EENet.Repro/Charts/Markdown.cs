using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace EENet.Repro.Charts;

/// <summary>
/// The subset of Markdown the kit's notebooks use, as HTML for the offline report: headings, paragraphs, bullet and
/// numbered lists, pipe tables, fenced code, inline code, bold, italics, links and raw &lt;details&gt; blocks.
/// </summary>
public static partial class Markdown
{
    public static string ToHtml(string markdown)
    {
        var html = new StringBuilder();
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var paragraph = new List<string>();
        void Flush()
        {
            if (paragraph.Count > 0) html.Append("<p>").Append(Inline(string.Join(" ", paragraph))).Append("</p>\n");
            paragraph.Clear();
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                var code = new List<string>();
                for (i++; i < lines.Length && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal); i++) code.Add(lines[i]);
                html.Append("<pre><code>").Append(WebUtility.HtmlEncode(string.Join("\n", code))).Append("</code></pre>\n");
            }
            else if (trimmed.Length == 0)
            {
                Flush();
            }
            else if (trimmed.StartsWith('<'))
            {
                Flush();
                html.Append(line).Append('\n'); // raw HTML the notebooks use (<details>, <summary>)
            }
            else if (HeadingRegex().Match(trimmed) is { Success: true } h)
            {
                Flush();
                var level = Math.Min(6, h.Groups[1].Length + 1);
                html.Append($"<h{level}>").Append(Inline(h.Groups[2].Value)).Append($"</h{level}>\n");
            }
            else if (trimmed.StartsWith('|'))
            {
                Flush();
                var rows = new List<string>();
                for (; i < lines.Length && lines[i].Trim().StartsWith('|'); i++) rows.Add(lines[i].Trim());
                i--;
                html.Append("<table>");
                for (var r = 0; r < rows.Count; r++)
                {
                    if (r == 1 && SeparatorRegex().IsMatch(rows[r])) continue;
                    var cells = rows[r].Trim('|').Split('|').Select(c => Inline(c.Trim()));
                    var tag = r == 0 ? "th" : "td";
                    html.Append("<tr>").Append(string.Concat(cells.Select(c => $"<{tag}>{c}</{tag}>"))).Append("</tr>");
                }
                html.Append("</table>\n");
            }
            else if (ListItemRegex().Match(line) is { Success: true } item)
            {
                Flush();
                var ordered = char.IsDigit(item.Groups[1].Value[0]);
                html.Append(ordered ? "<ol>" : "<ul>");
                for (; i < lines.Length && ListItemRegex().Match(lines[i]) is { Success: true } next; i++)
                {
                    var text = next.Groups[2].Value;
                    // continuation lines (indented, not a new item)
                    while (i + 1 < lines.Length && lines[i + 1].StartsWith("  ", StringComparison.Ordinal)
                        && !ListItemRegex().IsMatch(lines[i + 1]))
                        text += " " + lines[++i].Trim();
                    html.Append("<li>").Append(Inline(text)).Append("</li>");
                }
                i--;
                html.Append(ordered ? "</ol>\n" : "</ul>\n");
            }
            else
            {
                paragraph.Add(trimmed);
            }
        }
        Flush();
        return html.ToString();
    }

    private static string Inline(string text)
    {
        var parts = text.Split('`');
        var html = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 1)
            {
                html.Append("<code>").Append(WebUtility.HtmlEncode(parts[i])).Append("</code>");
                continue;
            }
            var s = WebUtility.HtmlEncode(parts[i]);
            s = LinkRegex().Replace(s, "<a href=\"$2\">$1</a>");
            s = BoldRegex().Replace(s, "<strong>$1</strong>");
            s = ItalicRegex().Replace(s, "<em>$1</em>");
            html.Append(s);
        }
        return html.ToString();
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")]
    private static partial Regex HeadingRegex();
    [GeneratedRegex(@"^\|?\s*:?-{2,}")]
    private static partial Regex SeparatorRegex();
    [GeneratedRegex(@"^\s*([-*]|\d+\.)\s+(.*)$")]
    private static partial Regex ListItemRegex();
    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")]
    private static partial Regex LinkRegex();
    [GeneratedRegex(@"\*\*([^*]+)\*\*")]
    private static partial Regex BoldRegex();
    [GeneratedRegex(@"(?<![\w*])\*([^*\s][^*]*)\*(?!\w)")]
    private static partial Regex ItalicRegex();
}
