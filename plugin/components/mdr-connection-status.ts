import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import type { ConnectionTestResult } from '../api/connection.ts';
import { formatNumber, t } from '../i18n.ts';
import { sharedStyles } from './shared-styles.ts';
import './mdr-state-view.ts';
import { MdrElement } from './mdr-element.ts';

/** The status line: how the console reaches the MDR service, with *Test connection*. */
@customElement('mdr-connection-status')
export class MdrConnectionStatus extends MdrElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .line {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
        align-items: center;
      }
      .warning {
        color: var(--_warning);
      }
      ol {
        margin: 8px 0 0;
        padding-left: 20px;
      }
      .failed {
        color: var(--_danger);
        font-weight: 600;
      }
    `,
  ];

  @state() private testResult?: ConnectionTestResult;
  @state() private testing = false;
  @state() private testError: unknown;

  private readonly status = new Task(this, {
    task: async ([api], { signal }) => (api ? api.connection.status(signal) : undefined),
    args: () => [this.api] as const,
  });

  private async runTest(): Promise<void> {
    if (!this.api) return;
    this.testing = true;
    this.testError = undefined;
    try {
      this.testResult = await this.api.connection.test();
    } catch (error) {
      this.testError = error;
    } finally {
      this.testing = false;
    }
  }

  override render() {
    return this.status.render({
      pending: () => html`<span class="muted">${t('common.loading')}</span>`,
      error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => this.status.run()}></mdr-state-view>`,
      complete: (status) => {
        if (!status) return nothing;
        const route =
          status.mode === 'direct'
            ? t('connection.direct')
            : t(status.proxy?.withCredentials ? 'connection.proxyWithCredentials' : 'connection.proxy', {
                host: status.proxy?.host,
                port: status.proxy?.port,
              });
        const certificates = status.extraCertificates.problem
          ? t(`connection.certificates.${status.extraCertificates.problem}`)
          : t('connection.certificates.loaded', { count: status.extraCertificates.count, formatted: formatNumber(status.extraCertificates.count) });
        return html`
          <div class="line" data-testid="connection-status">
            <span>${route}</span>
            <span class=${status.extraCertificates.problem ? 'warning' : ''}>${certificates}</span>
            ${status.extraCertificates.rejected
              ? html`<span class="warning">${t('connection.certificates.rejected', { count: status.extraCertificates.rejected, formatted: formatNumber(status.extraCertificates.rejected) })}</span>`
              : nothing}
            ${status.restartNeeded ? html`<span class="warning" role="status">${t('connection.restartNeeded')}</span>` : nothing}
            <button @click=${this.runTest} ?disabled=${this.testing}>${t(this.testing ? 'connection.testing' : 'connection.test')}</button>
          </div>
          ${this.renderTestResult()}
          ${this.testError
            ? html`<mdr-state-view state="error" .error=${this.testError} @mdr-retry=${this.runTest}></mdr-state-view>`
            : nothing}
        `;
      },
    });
  }

  private renderTestResult() {
    const result = this.testResult;
    if (!result) return nothing;
    return html`<div role="status" data-testid="connection-test">
      <strong>${t(result.ok ? 'connection.testPassed' : 'connection.testFailed')}</strong>
      <ol>
        ${result.steps.map(
          (step) =>
            html`<li class=${step.ok === false ? 'failed' : ''}>
              ${t(`connection.steps.${step.step}`)}: ${t(step.ok === null ? 'connection.stepSkipped' : step.ok ? 'connection.stepPassed' : 'connection.stepFailed')}
            </li>`,
        )}
      </ol>
      ${result.failure ? html`<p>${t(`errors.${result.failure}`)}</p>` : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-connection-status': MdrConnectionStatus;
  }
}
