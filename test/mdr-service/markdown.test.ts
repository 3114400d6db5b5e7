/**
 * Markdown rendered to HTML by the running MDR service (`markdown_to_html` of the REST API; help topics
 * *Working with the REST API* and *Creating custom incidents in MDR Web Console*): safe links, no
 * remote images, only the attributes Markdown needs. The renderer's every case: markdown-units.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApiConnection, serviceForSuite } from '../support/mdr-service.ts';

const NEW_TAB = 'target="_blank" rel="noopener noreferrer"';

describe('markdown_to_html of the REST API', () => {
  const service = serviceForSuite({ demo: { seed: 4, assets: 20 } });

  test('a comment comes back with safe links, no remote image and no event handlers', async () => {
    const connection = await createApiConnection(service.app, { accessLevel: 'full' });
    const post = <T>(route: string, body: unknown, token?: string) => service.restCall<T>(connection.clientId, route, body, token);
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
