/**
 * Markdown rendered to HTML by the MDR service (`markdown_to_html` of the REST API; help topics
 * *Working with the REST API* and *Creating custom incidents in MDR Web Console*): safe links,
 * no remote images, only the attributes Markdown needs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { markdownToHtml } from '../../host-shim/mdr-service/services/markdown.ts';
import { createApiConnection, httpsJson, startTestService, type TestService } from '../support/mdr-service.ts';

const NEW_TAB = 'target="_blank" rel="noopener noreferrer"';

describe('Markdown links', () => {
  const kept: [name: string, markdown: string, href: string][] = [
    ['inline https link', '[docs](https://docs.example/mdr)', 'https://docs.example/mdr'],
    ['autolink', '<https://docs.example/a?b=1&c=2>', 'https://docs.example/a?b=1&amp;c=2'],
    ['bare URL (GFM)', 'see https://docs.example/x', 'https://docs.example/x'],
    ['raw HTML link', '<a href="https://docs.example/raw">raw</a>', 'https://docs.example/raw'],
    ['upper-case scheme', '[up](HTTPS://docs.example/up)', 'https://docs.example/up'],
  ];
  for (const [name, markdown, href] of kept) {
    test(`${name} stays a link that opens in a new tab without a handle on the page`, () => {
      const html = markdownToHtml(markdown);
      const anchors = html.match(/<a [^>]*>/g) ?? [];
      assert.equal(anchors.length, 1, html);
      assert.ok(anchors[0]!.includes(`href="${href}"`), html);
      assert.ok(anchors[0]!.includes(NEW_TAB), html);
    });
  }

  test('a raw link cannot choose its own target or rel', () => {
    const html = markdownToHtml('<a href="https://docs.example/" target="_self" rel="opener">x</a>');
    assert.match(html, new RegExp(NEW_TAB));
    assert.doesNotMatch(html, /_self|"opener"/);
  });

  const refused: [name: string, markdown: string, text: string][] = [
    ['protocol-relative', '[evil](//evil.example/x)', 'evil'],
    ['protocol-relative with backslashes', '<a href="\\\\evil.example">evil</a>', 'evil'],
    ['http', '[plain](http://docs.example/)', 'plain'],
    ['bare http URL', 'see http://docs.example/x', 'http://docs.example/x'],
    ['javascript', '[run](javascript:alert(1))', 'run'],
    ['javascript in mixed case', '[run](JaVaScRiPt:alert(1))', 'run'],
    ['javascript behind entities', '<a href="&#x6A;avascript:alert(1)">run</a>', 'run'],
    ['javascript behind a tab', '<a href="java\tscript:alert(1)">run</a>', 'run'],
    ['data', '[data](data:text/html;base64,PHNjcmlwdD4=)', 'data'],
    ['vbscript', '[vb](vbscript:msgbox(1))', 'vb'],
    ['file', '[file](file:///etc/passwd)', 'file'],
    // mailto is refused too: a link can prefill the subject and body of a message to anyone.
    ['mailto', '[write](mailto:soc@example.com?subject=hi)', 'write'],
    ['bare e-mail address (GFM autolink to mailto:)', 'soc@example.com', 'soc@example.com'],
    ['relative', '[here](/incidents/1)', 'here'],
    ['fragment', '[top](#top)', 'top'],
    ['https without a host', '<a href="https:">empty</a>', 'empty'],
  ];
  for (const [name, markdown, text] of refused) {
    test(`${name} link is refused and shows as plain text`, () => {
      const html = markdownToHtml(markdown);
      assert.doesNotMatch(html, /<a[\s>]/, html);
      assert.doesNotMatch(html, /href=/, html);
      assert.ok(html.includes(text), html);
    });
  }
});

describe('Markdown images', () => {
  const images: [name: string, markdown: string, text: string][] = [
    ['remote image (tracking pixel)', '![logo](https://tracker.example/pixel.gif)', 'logo'],
    ['protocol-relative image', '![p](//tracker.example/p.gif)', 'p'],
    ['http image', '![h](http://tracker.example/p.gif)', 'h'],
    ['raw HTML image', '<img src="https://tracker.example/p.gif" alt="raw">', 'raw'],
    ['image with srcset only', '<img srcset="https://tracker.example/p.gif 1x" alt="set">', 'set'],
    ['data image', '<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">', 'inline'],
    ['image without alt', '<img src="https://tracker.example/p.gif">', ''],
    ['image in a link', '[![badge](https://tracker.example/b.svg)](https://docs.example/)', 'badge'],
  ];
  for (const [name, markdown, text] of images) {
    test(`${name} is not loaded; its alt text shows instead`, () => {
      const html = markdownToHtml(markdown);
      assert.doesNotMatch(html, /<img|src=|srcset=|tracker\.example/i, html);
      assert.ok(html.includes(text), html);
    });
  }
});

describe('Markdown attributes and tags', () => {
  const stripped: [attribute: string, markdown: string][] = [
    ['onerror', '<img src=x onerror="alert(1)">'],
    ['onerror on a kept tag', '<p onerror="alert(1)">p</p>'],
    ['onclick', '<a href="https://docs.example/" onclick="alert(1)">x</a>'],
    ['onmouseover', '<strong onmouseover="alert(1)">x</strong>'],
    ['ontoggle', '<details open ontoggle="alert(1)">x</details>'],
    ['onload', '<svg onload="alert(1)"><text>x</text></svg>'],
    ['style', '<p style="position:fixed;inset:0;background:red">cover</p>'],
    ['style on a link', '<a href="https://docs.example/" style="display:block">x</a>'],
    ['srcset', '<img srcset="https://tracker.example/p.gif 1x">'],
    ['formaction', '<button formaction="https://evil.example/">send</button>'],
    ['formaction on an input', '<input type="submit" formaction="https://evil.example/">'],
    ['action', '<form action="https://evil.example/"><p>f</p></form>'],
    ['background', '<table><tr><td background="https://tracker.example/p.gif">c</td></tr></table>'],
    ['id', '<h2 id="session">heading</h2>'],
    ['name', '<a href="https://docs.example/" name="x">x</a>'],
    ['class outside code', '<p class="ksc-danger">p</p>'],
    ['ping', '<a href="https://docs.example/" ping="https://tracker.example/">x</a>'],
    ['xlink:href', '<svg><a xlink:href="javascript:alert(1)">x</a></svg>'],
    ['data-*', '<p data-action="delete">p</p>'],
  ];
  for (const [attribute, markdown] of stripped) {
    test(`${attribute} is stripped`, () => {
      const html = markdownToHtml(markdown);
      const name = attribute.split(' ')[0]!.replace('-*', '-');
      assert.ok(!new RegExp(`\\s${name.replace(':', '\\:')}`, 'i').test(html), `${markdown} → ${html}`);
      assert.doesNotMatch(html, /javascript:|alert\(|evil\.example|tracker\.example/, html);
    });
  }

  const dropped: [tag: string, markdown: string][] = [
    ['script', '<script>alert(1)</script>'],
    ['style', '<style>body{display:none}</style>'],
    ['iframe', '<iframe src="https://evil.example/"></iframe>'],
    ['object', '<object data="https://evil.example/x.swf"></object>'],
    ['embed', '<embed src="https://evil.example/x.swf">'],
    ['form', '<form><p>f</p></form>'],
    ['input', '<input value="x">'],
    ['button', '<button>b</button>'],
    ['svg', '<svg><circle r="1"/></svg>'],
    ['math', '<math><mi>x</mi></math>'],
    ['link', '<link rel="stylesheet" href="https://evil.example/x.css">'],
    ['meta', '<meta http-equiv="refresh" content="0;url=https://evil.example/">'],
    ['base', '<base href="https://evil.example/">'],
  ];
  for (const [tag, markdown] of dropped) {
    test(`<${tag}> does not survive`, () => {
      const html = markdownToHtml(markdown);
      assert.ok(!new RegExp(`<${tag}[\\s>/]`, 'i').test(html), html);
      assert.doesNotMatch(html, /alert\(|evil\.example|display:none/, html);
    });
  }

  const keptAttributes: [name: string, markdown: string, expected: string][] = [
    ['code block language', '```js\nlet a = 1;\n```', '<code class="language-js">'],
    ['only the language class', '<code class="language-sh evil">x</code>', '<code class="language-sh">'],
    ['table alignment', '| a | b |\n|:--|--:|\n| 1 | 2 |', '<td align="right">'],
    ['ordered list start', '3. three\n4. four', '<ol start="3">'],
    ['link title', '[x](https://docs.example/ "Docs")', 'title="Docs"'],
  ];
  for (const [name, markdown, expected] of keptAttributes) {
    test(`${name} is kept`, () => {
      assert.ok(markdownToHtml(markdown).includes(expected), markdownToHtml(markdown));
    });
  }

  test('ordinary Markdown still renders', () => {
    const html = markdownToHtml('## Summary\n\n**bold** *em* ~~gone~~ `code`\n\n> quote\n\n- one\n- two\n\n---');
    for (const fragment of ['<h2>Summary</h2>', '<strong>bold</strong>', '<em>em</em>', '<del>gone</del>', '<code>code</code>', '<blockquote>', '<li>one</li>', '<hr']) {
      assert.ok(html.includes(fragment), `${fragment} in ${html}`);
    }
  });
});

describe('markdown_to_html of the REST API', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService({ demo: { seed: 4, assets: 20 } });
  });
  after(async () => {
    await service.close();
  });

  test('a comment comes back with safe links, no remote image and no event handlers', async () => {
    const connection = await createApiConnection(service.app, { accessLevel: 'full' });
    const post = <T>(route: string, body: unknown, token?: string) =>
      httpsJson<T>(`${service.url}/api/v1/${connection.clientId}/${route}`, { ca: service.ca, json: body, headers: token ? { authorization: `Bearer ${token}` } : {} });
    const confirmed = await post<{ access_token: string }>('session/confirm', { refresh_token: connection.refreshToken });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    const token = confirmed.body.access_token;
    const incidentId = (await post<{ incident_id: string }[]>('incidents/list', { page_size: 1 }, token)).body[0]!.incident_id;
    const text = [
      '[docs](https://docs.example/)',
      '[evil](//evil.example/)',
      '[old](http://docs.example/)',
      '![pixel](https://tracker.example/p.gif)',
      '<p onclick="alert(1)" style="color:red">x</p>',
    ].join('\n\n');
    const created = await post<{ comment_id: string }>('comment/create', { incident_id: incidentId, text }, token);
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const list = await post<{ comment_id: string; text: string }[]>('comments/list', { incident_id: incidentId, markdown_to_html: true }, token);
    const html = list.body.find((comment) => comment.comment_id === created.body.comment_id)!.text;
    assert.ok(html.includes(`<a href="https://docs.example/" ${NEW_TAB}>docs</a>`), html);
    assert.doesNotMatch(html, /evil\.example|http:\/\/|tracker\.example|<img|onclick|style=/, html);
    assert.match(html, /<p>evil<\/p>/);
    assert.match(html, /<p><span>pixel<\/span><\/p>/);
  });
});
