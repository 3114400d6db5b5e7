/**
 * Markdown to HTML for the REST API's `markdown_to_html` (help: *Working with the REST API*;
 * incident descriptions and comments are Markdown, *Creating custom incidents in MDR Web Console*).
 * The text comes from people outside the organization (the SOC, API clients), so the HTML is
 * made safe to put into a page as it is:
 *
 * - only the tags and attributes Markdown itself produces are kept; any other tag loses its markup
 *   and keeps its text, any other attribute (event handlers, `style`, `srcset`, `formaction`, `id`,
 *   classes other than a code block's language) is dropped;
 * - a link stays a link only with an absolute `https:` address, and then opens in a new tab
 *   without a handle on the page (`target="_blank" rel="noopener noreferrer"`); relative and
 *   protocol-relative (`//host`) addresses and every other scheme — `http:`, `javascript:`,
 *   `data:`, `vbscript:`, `file:`, and `mailto:` too, whose subject and body a link can prefill —
 *   are refused and show as their plain text;
 * - images are never loaded (a remote image is a tracking pixel): an image shows as its alt text, in a
 *   `span` without attributes.
 */
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** A private Marked instance: global `marked` options set elsewhere must not change our output. */
// Stryker disable next-line ObjectLiteral: Marked's own defaults, written out so that other defaults in a later Marked cannot change the output
const markdown = new Marked({ async: false, gfm: true });

/** The address a link may open, normalized, or null when the link must be refused. */
export function safeLinkTarget(href: string | undefined): string | null {
  if (href === undefined) return null;
  const address = href.trim();
  // Absolute https only: this refuses relative and protocol-relative addresses and every other scheme.
  if (!/^https:/i.test(address)) return null;
  try {
    // The scheme is https (checked above), and an https address without a host does not parse.
    return new URL(address).href;
  } catch {
    return null;
  }
}

const SAFE: sanitizeHtml.IOptions = {
  // `span` holds the alt text of an image, and has no attributes.
  allowedTags: ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'strong', 'em', 'del', 'code', 'pre', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span'],
  disallowedTagsMode: 'discard',
  // `code` gets its `class` attribute from allowedClasses, which keeps only a code block's language.
  allowedAttributes: { a: ['href', 'title', 'target', 'rel'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedClasses: { code: ['language-*'] },
  // A second line behind the link check below.
  allowedSchemes: ['https'],
  allowedSchemesByTag: {},
  // Stryker disable next-line BooleanLiteral: the link check below only ever writes an absolute https address, so no protocol-relative one reaches this line
  allowProtocolRelative: false,
  // Refused links and images are rewritten into allowed tags, never into discarded ones: the sanitizer loses
  // track of a renamed tag that it then discards (the text after it is lost, the next end tag comes out wrong).
  transformTags: {
    a: (tagName, attribs) => {
      const href = safeLinkTarget(attribs.href);
      // A link without any attribute; exclusiveFilter drops its tag and keeps its text.
      if (!href) return { tagName, attribs: {} };
      // Links open outside the page that shows them and must not get a handle on it.
      return { tagName, attribs: { href, ...(attribs.title ? { title: attribs.title } : {}), target: '_blank', rel: 'noopener noreferrer' } };
    },
    img: (_tagName, attribs) => ({ tagName: 'span', attribs: {}, text: attribs.alt ?? '' }),
  },
  exclusiveFilter: (frame) => (frame.tag === 'a' && frame.attribs.href === undefined ? 'excludeTag' : false),
};

/** Renders Markdown (incident descriptions, comments) to HTML that is safe to show as it is (see the module comment). */
export function markdownToHtml(text: string): string {
  return sanitizeHtml(markdown.parse(text) as string, SAFE).trim();
}
