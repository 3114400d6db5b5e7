import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** A private Marked instance: global `marked` options set elsewhere must not change our output. */
const markdown = new Marked({ async: false, gfm: true });

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'h1', 'h2', 'del', 'img'],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'title'], code: ['class'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  // Links open outside the console and must not get a handle on it.
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
};

/**
 * Renders Markdown (incident descriptions, comments) to HTML for `markdown_to_html: true`, then
 * sanitizes it: raw HTML in the Markdown (scripts, event handlers, javascript: links) never reaches
 * a client that would render it.
 */
export function markdownToHtml(text: string): string {
  return sanitizeHtml(markdown.parse(text) as string, ALLOWED).trim();
}
