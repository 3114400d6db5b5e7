/**
 * The exact HTML the MDR service renders from Markdown (`markdown_to_html` of the REST API, help topic
 * *Working with the REST API*; incident descriptions and comments are Markdown, help topic *Creating
 * custom incidents in MDR Web Console*): every construct Markdown produces keeps its tag, links open
 * only absolute https addresses in a new tab, images show as their alt text, nothing else survives.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownToHtml, safeLinkTarget } from '../../host-shim/mdr-service/services/markdown.ts';

const NEW_TAB = 'target="_blank" rel="noopener noreferrer"';

/** The HTML of a paragraph holding one kept link. */
const link = (href: string, text: string, title?: string) =>
  `<p><a href="${href}"${title === undefined ? '' : ` title="${title}"`} ${NEW_TAB}>${text}</a></p>`;

/** What no rendered HTML may hold, whatever the Markdown: script, handlers, remote loads, hostile hosts. */
function assertNothingHostile(html: string): void {
  assert.doesNotMatch(html, /<script|<iframe|<img|\son\w+=|\sstyle=|\ssrcset=|\sformaction=|\saction=|javascript:|alert\(|evil\.example|tracker\.example/i, html);
}

/**
 * Cases that differ only in their data: each group is a suite of tests, one a case, that render the
 * case's Markdown and compare the whole HTML, then check what the group promises of every case.
 */
const groups: {
  title: string;
  /** The test's name from the case's. */
  named?: (name: string) => string;
  /** What every case of the group promises beyond its exact HTML. */
  promise: (html: string) => void;
  cases: [name: string, markdown: string, html: string][];
  /** The group's tests that are not one case of the table. */
  more?: () => void;
}[] = [
  {
    title: 'every Markdown construct keeps its tag',
    promise: assertNothingHostile,
    cases: [
      ['headings of every level', '# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six', '<h1>One</h1>\n<h2>Two</h2>\n<h3>Three</h3>\n<h4>Four</h4>\n<h5>Five</h5>\n<h6>Six</h6>'],
      [
        'line break, rule, quote and inline styles',
        'first line  \nsecond line\n\n---\n\n> quoted **strong** *em* ~~del~~ `code`',
        '<p>first line<br />second line</p>\n<hr />\n<blockquote>\n<p>quoted <strong>strong</strong> <em>em</em> <del>del</del> <code>code</code></p>\n</blockquote>',
      ],
      ['bullet list and an ordered list with its start', '- one\n- two\n\n3. three\n4. four', '<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'],
      ['ordered list from 1', '1. first\n2. second', '<ol>\n<li>first</li>\n<li>second</li>\n</ol>'],
      [
        'table with every alignment',
        '| Left | Right | Center | None |\n|:-----|------:|:------:|------|\n| l | r | c | n |',
        '<table>\n<thead>\n<tr>\n<th align="left">Left</th>\n<th align="right">Right</th>\n<th align="center">Center</th>\n<th>None</th>\n</tr>\n</thead>\n' +
          '<tbody><tr>\n<td align="left">l</td>\n<td align="right">r</td>\n<td align="center">c</td>\n<td>n</td>\n</tr>\n</tbody></table>',
      ],
      ['fenced code block with its language', '```sh\necho "<b>" & done\n```', '<pre><code class="language-sh">echo "&lt;b&gt;" &amp; done\n</code></pre>'],
      ['indented code block', '    indented code', '<pre><code>indented code\n</code></pre>'],
      ['text with markup characters', 'a < b & c > d "q"', '<p>a &lt; b &amp; c &gt; d "q"</p>'],
      [
        'ordinary Markdown as a comment is written',
        '## Summary\n\n**bold** *em* ~~gone~~ `code`\n\n> quote\n\n- one\n- two\n\n---',
        '<h2>Summary</h2>\n<p><strong>bold</strong> <em>em</em> <del>gone</del> <code>code</code></p>\n<blockquote>\n<p>quote</p>\n</blockquote>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<hr />',
      ],
      ['ordered list alone, with its start', '3. three\n4. four', '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'],
      ['small table with two alignments', '| a | b |\n|:--|--:|\n| 1 | 2 |', '<table>\n<thead>\n<tr>\n<th align="left">a</th>\n<th align="right">b</th>\n</tr>\n</thead>\n<tbody><tr>\n<td align="left">1</td>\n<td align="right">2</td>\n</tr>\n</tbody></table>'],
      ['fenced code block of another language', '```js\nlet a = 1;\n```', '<pre><code class="language-js">let a = 1;\n</code></pre>'],
    ],
    more() {
      test('the HTML has no blank space around it', () => {
        assert.equal(markdownToHtml('\n\ntext\n\n'), '<p>text</p>');
        assert.equal(markdownToHtml(''), '');
      });
    },
  },
  {
    title: 'links that are kept',
    named: (name) => `${name} opens in a new tab without a handle on the page`,
    promise(html) {
      const anchors = html.match(/<a [^>]*>/g) ?? [];
      assert.equal(anchors.length, 1, html);
      assert.ok(anchors[0]!.includes(NEW_TAB), html);
    },
    cases: [
      ['inline https link', '[docs](https://docs.example/mdr)', link('https://docs.example/mdr', 'docs')],
      ['link with a title', '[docs](https://docs.example/ "MDR docs")', link('https://docs.example/', 'docs', 'MDR docs')],
      ['link with an empty title (no title attribute)', '<a href="https://docs.example/" title="">docs</a>', link('https://docs.example/', 'docs')],
      ['autolink', '<https://docs.example/a?b=1&c=2>', link('https://docs.example/a?b=1&amp;c=2', 'https://docs.example/a?b=1&amp;c=2')],
      ['bare URL (GFM)', 'see https://docs.example/x', `<p>see <a href="https://docs.example/x" ${NEW_TAB}>https://docs.example/x</a></p>`],
      ['upper-case scheme, written normalized', '[up](HTTPS://Docs.Example/up)', link('https://docs.example/up', 'up')],
      ['address with spaces around it', '<a href="  https://docs.example/x  ">t</a>', link('https://docs.example/x', 't')],
      ['https address without slashes, written normalized', '<a href="https:docs.example">t</a>', link('https://docs.example/', 't')],
      ['raw link choosing its own target, rel and handlers', '<a href="https://docs.example/" target="_self" rel="opener" onclick="x()" style="a" name="n">x</a>', link('https://docs.example/', 'x')],
      ['link around an image', '[![badge](https://tracker.example/b.svg)](https://docs.example/)', link('https://docs.example/', '<span>badge</span>')],
      ['raw HTML link', '<a href="https://docs.example/raw">raw</a>', link('https://docs.example/raw', 'raw')],
      ['upper-case scheme only', '[up](HTTPS://docs.example/up)', link('https://docs.example/up', 'up')],
      ['link with a short title', '[x](https://docs.example/ "Docs")', link('https://docs.example/', 'x', 'Docs')],
      ['raw link choosing its own target and rel', '<a href="https://docs.example/" target="_self" rel="opener">x</a>', link('https://docs.example/', 'x')],
      ['raw link with onclick', '<a href="https://docs.example/" onclick="alert(1)">x</a>', link('https://docs.example/', 'x')],
      ['raw link with a style', '<a href="https://docs.example/" style="display:block">x</a>', link('https://docs.example/', 'x')],
      ['raw link with a name', '<a href="https://docs.example/" name="x">x</a>', link('https://docs.example/', 'x')],
      ['raw link with a ping', '<a href="https://docs.example/" ping="https://tracker.example/">x</a>', link('https://docs.example/', 'x')],
    ],
  },
  {
    title: 'links that are refused',
    named: (name) => `${name} link is refused and shows as its text`,
    promise(html) {
      assert.doesNotMatch(html, /<a[\s>]/, html);
      assert.doesNotMatch(html, /href=/, html);
    },
    cases: [
      ['protocol-relative', '[evil](//evil.example/x)', '<p>evil</p>'],
      ['protocol-relative with backslashes', '<a href="\\\\evil.example">evil</a>', '<p>evil</p>'],
      ['http', '[plain](http://docs.example/)', '<p>plain</p>'],
      ['http with an https address in its query', '[next](http://docs.example/?next=https://docs.example/)', '<p>next</p>'],
      ['bare http URL', 'see http://docs.example/x', '<p>see http://docs.example/x</p>'],
      ['javascript', '[run](javascript:alert(1))', '<p>run</p>'],
      ['javascript in mixed case', '[run](JaVaScRiPt:alert(1))', '<p>run</p>'],
      ['javascript behind entities', '<a href="&#x6A;avascript:alert(1)">run</a>', '<p>run</p>'],
      ['javascript behind a tab', '<a href="java\tscript:alert(1)">run</a>', '<p>run</p>'],
      ['data', '[data](data:text/html;base64,PHNjcmlwdD4=)', '<p>data</p>'],
      ['vbscript', '[vb](vbscript:msgbox(1))', '<p>vb</p>'],
      ['file', '[file](file:///etc/passwd)', '<p>file</p>'],
      ['mailto (a link can prefill a message to anyone)', '[write](mailto:soc@example.com?subject=hi)', '<p>write</p>'],
      ['bare e-mail address (GFM autolink to mailto:)', 'soc@example.com', '<p>soc@example.com</p>'],
      ['relative', '[here](/incidents/1)', '<p>here</p>'],
      ['fragment', '[top](#top)', '<p>top</p>'],
      ['https without a host', '<a href="https:">empty</a>', '<p>empty</p>'],
      ['https with an empty host', '<a href="https://">empty</a>', '<p>empty</p>'],
      ['without an address', '<a>none</a> <a name="anchor">named</a> <a href>empty</a>', '<p>none named empty</p>'],
      ['around markup, never closed', '<a href="javascript:x()"><strong>b</strong> c', '<p><strong>b</strong> c</p>'],
    ],
    more() {
      test('markup after a refused link keeps its own end tags', () => {
        assert.equal(markdownToHtml('[x](http://a.example/) and **b**'), '<p>x and <strong>b</strong></p>');
        assert.equal(markdownToHtml('[x](http://a.example/) and [y](https://b.example/)'), `<p>x and <a href="https://b.example/" ${NEW_TAB}>y</a></p>`);
      });

      test('the link check alone: only absolute https addresses with a host, normalized', () => {
        assert.equal(safeLinkTarget('https://docs.example'), 'https://docs.example/');
        assert.equal(safeLinkTarget(' HTTPS://docs.example/a b '), 'https://docs.example/a%20b');
        assert.equal(safeLinkTarget(undefined), null);
        assert.equal(safeLinkTarget(''), null);
        assert.equal(safeLinkTarget('https://'), null);
        assert.equal(safeLinkTarget('http://docs.example/?to=https://docs.example/'), null);
        assert.equal(safeLinkTarget('//docs.example/'), null);
        assert.equal(safeLinkTarget('\u0001https://docs.example/'), null);
      });
    },
  },
  {
    title: 'images are never loaded: each shows as its alt text',
    promise: assertNothingHostile,
    cases: [
      ['remote image (tracking pixel)', '![logo](https://tracker.example/pixel.gif)', '<p><span>logo</span></p>'],
      ['image without alt text', '![](https://tracker.example/pixel.gif)', '<p><span></span></p>'],
      ['raw HTML image', '<p><img src="https://tracker.example/p.gif" alt="raw" onerror="x()"></p>', '<p><span>raw</span></p>'],
      ['raw HTML image without alt', '<p><img src="https://tracker.example/p.gif"></p>', '<p><span></span></p>'],
      ['image with srcset only', '<p><img srcset="https://tracker.example/p.gif 1x" alt="set"></p>', '<p><span>set</span></p>'],
      ['alt text with markup characters', '<p><img alt="<b>&quot;x&quot;</b>" src="x"></p>', '<p><span>&lt;b&gt;"x"&lt;/b&gt;</span></p>'],
      ['protocol-relative image', '![p](//tracker.example/p.gif)', '<p><span>p</span></p>'],
      ['http image', '![h](http://tracker.example/p.gif)', '<p><span>h</span></p>'],
      ['raw HTML image on its own', '<img src="https://tracker.example/p.gif" alt="raw">', '<span>raw</span>'],
      ['image with srcset only, on its own', '<img srcset="https://tracker.example/p.gif 1x" alt="set">', '<span>set</span>'],
      ['image with srcset and no alt', '<img srcset="https://tracker.example/p.gif 1x">', '<span></span>'],
      ['data image', '<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">', '<span>inline</span>'],
      ['raw HTML image without alt, on its own', '<img src="https://tracker.example/p.gif">', '<span></span>'],
      ['image with an onerror handler', '<img src=x onerror="alert(1)">', '<span></span>'],
    ],
    more() {
      test('the text and markup after an image stay', () => {
        assert.equal(markdownToHtml('![logo](https://t.example/p.gif) more text after'), '<p><span>logo</span> more text after</p>');
        assert.equal(markdownToHtml('before <img alt="raw" src="https://t.example/p.gif"> after **bold**'), '<p>before <span>raw</span> after <strong>bold</strong></p>');
        assert.equal(markdownToHtml('![a](https://t.example/x.gif)![b](https://t.example/y.gif) `c`'), '<p><span>a</span><span>b</span> <code>c</code></p>');
      });
    },
  },
  {
    title: 'attributes other than those Markdown produces are dropped',
    promise: assertNothingHostile,
    cases: [
      ['event handler and style on a kept tag', '<p onclick="alert(1)" style="position:fixed">p</p>', '<p>p</p>'],
      ['id on a heading', '<h2 id="session">heading</h2>', '<h2>heading</h2>'],
      ['class outside code', '<p class="ksc-danger">p</p>', '<p>p</p>'],
      ['data-* attribute', '<p data-action="delete">p</p>', '<p>p</p>'],
      ['attributes of a span', '<p><span style="color:red" class="x" onclick="x()">s</span></p>', '<p><span>s</span></p>'],
      ['a class of code other than its language', '<p><code class="language-sh evil">x</code></p>', '<p><code class="language-sh">x</code></p>'],
      ['a class of code without a language', '<pre class="x"><code class="evil">x</code></pre>', '<pre><code>x</code></pre>'],
      ['alignment outside tables', '<p align="center">p</p>', '<p>p</p>'],
      ['start outside ordered lists', '<ul start="3"><li>x</li></ul>', '<ul><li>x</li></ul>'],
      ['background of a cell', '<table><tr><td background="https://tracker.example/p.gif" align="left">c</td></tr></table>', '<table><tr><td align="left">c</td></tr></table>'],
      ['onerror on a kept tag', '<p onerror="alert(1)">p</p>', '<p>p</p>'],
      ['onmouseover', '<strong onmouseover="alert(1)">x</strong>', '<p><strong>x</strong></p>'],
      ['style covering the page', '<p style="position:fixed;inset:0;background:red">cover</p>', '<p>cover</p>'],
      ['background of a cell without other attributes', '<table><tr><td background="https://tracker.example/p.gif">c</td></tr></table>', '<table><tr><td>c</td></tr></table>'],
      ['a class of inline code other than its language', '<code class="language-sh evil">x</code>', '<p><code class="language-sh">x</code></p>'],
    ],
  },
  {
    title: 'tags Markdown does not produce lose their markup',
    promise(html) {
      assertNothingHostile(html);
      assert.doesNotMatch(html, /<(style|object|embed|form|input|button|svg|math|link|meta|base|details)[\s>/]|display:none/i, html);
    },
    cases: [
      ['script with its content', '<script>alert(1)</script>after', 'after'],
      ['style with its content', '<style>p{display:none}</style>after', 'after'],
      ['iframe', '<iframe src="https://evil.example/"></iframe>after', 'after'],
      ['details and summary, keeping their text', '<details><summary>s</summary>body</details>', 'sbody'],
      ['div, keeping its text', '<p>a</p><div>b</div>', '<p>a</p>b'],
      ['form and button', '<form action="https://evil.example/"><button formaction="https://evil.example/">send</button></form>', 'send'],
      ['svg with a link inside', '<svg><a xlink:href="javascript:alert(1)">x</a></svg>', '<p>x</p>'],
      ['base', '<base href="https://evil.example/">', ''],
      ['script alone', '<script>alert(1)</script>', ''],
      ['style alone', '<style>body{display:none}</style>', ''],
      ['iframe alone', '<iframe src="https://evil.example/"></iframe>', ''],
      ['object', '<object data="https://evil.example/x.swf"></object>', '<p></p>'],
      ['embed', '<embed src="https://evil.example/x.swf">', ''],
      ['form with a paragraph', '<form><p>f</p></form>', '<p>f</p>'],
      ['form with an action', '<form action="https://evil.example/"><p>f</p></form>', '<p>f</p>'],
      ['input', '<input value="x">', ''],
      ['input with a formaction', '<input type="submit" formaction="https://evil.example/">', ''],
      ['button', '<button>b</button>', '<p>b</p>'],
      ['button with a formaction', '<button formaction="https://evil.example/">send</button>', '<p>send</p>'],
      ['details with an ontoggle handler', '<details open ontoggle="alert(1)">x</details>', 'x'],
      ['svg drawing', '<svg><circle r="1"/></svg>', '<p></p>'],
      ['svg with an onload handler', '<svg onload="alert(1)"><text>x</text></svg>', '<p>x</p>'],
      ['math', '<math><mi>x</mi></math>', '<p>x</p>'],
      ['link to a style sheet', '<link rel="stylesheet" href="https://evil.example/x.css">', ''],
      ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example/">', ''],
    ],
  },
];

for (const group of groups) {
  describe(group.title, () => {
    for (const [name, markdown, html] of group.cases) {
      test(group.named?.(name) ?? name, () => {
        const rendered = markdownToHtml(markdown);
        assert.equal(rendered, html);
        group.promise(rendered);
      });
    }
    group.more?.();
  });
}
