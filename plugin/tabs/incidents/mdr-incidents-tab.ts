import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import type { IncidentSummary } from '../../api/incidents.ts';
import { formatNumber, t } from '../../i18n.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import '../../components/mdr-state-view.ts';
import { MdrElement } from '../../components/mdr-element.ts';

/** *Incidents*: a read-only summary; incidents themselves are managed in MDR Web Console. */
@customElement('mdr-incidents-tab')
export class MdrIncidentsTab extends MdrElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .figure {
        font-size: 1.6rem;
        font-weight: 600;
      }
      .high {
        color: var(--_danger);
      }
      .medium {
        color: var(--_warning);
      }
    `,
  ];

  private readonly summary = new Task(this, {
    task: async ([api], { signal }) => (api ? api.incidents.summary(signal) : undefined),
    args: () => [this.api] as const,
  });

  override render() {
    return this.summary.render({
      pending: () => html`<mdr-state-view state="loading"></mdr-state-view>`,
      error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => this.summary.run()}></mdr-state-view>`,
      complete: (summary) => (summary ? this.renderSummary(summary) : nothing),
    });
  }

  private renderSummary(summary: IncidentSummary) {
    return html`
      <section class="card">
        <h2>${t('incidents.title')}</h2>
        <p>${t('incidents.intro')}</p>
        <a
          href=${summary.webConsoleUrl}
          target="_blank"
          rel="noopener noreferrer"
          @click=${(event: Event) => {
            // The host opens external addresses its own way (e.g. a new window of the console shell).
            event.preventDefault();
            this.host?.navigation.openExternal(summary.webConsoleUrl);
          }}
          >${t('incidents.openWebConsole')}</a
        >
      </section>
      <section class="card" data-testid="summary">
        <h3>${t('incidents.openByPriority')}</h3>
        <dl class="properties">
          ${(['high', 'medium', 'low'] as const).map(
            (priority) => html`<dt>${t(`incidents.priority.${priority}`)}</dt>
              <dd class="figure ${priority}">${formatNumber(summary.openByPriority[priority])}</dd>`,
          )}
          <dt>${t('incidents.totalOpen')}</dt>
          <dd class="figure">${formatNumber(summary.openByPriority.total)}</dd>
          <dt>${t('incidents.responsesAwaitingDecision')}</dt>
          <dd class="figure">${formatNumber(summary.responsesAwaitingDecision)}</dd>
        </dl>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-incidents-tab': MdrIncidentsTab;
  }
}
