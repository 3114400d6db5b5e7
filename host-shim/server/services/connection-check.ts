import { UpstreamError, type MdrServiceClient } from '../outbound.ts';

/** The steps of a connection check, in the order a request passes them. */
const connectionSteps = ['proxy', 'proxyAuthentication', 'tlsTrust', 'service'] as const;

type ConnectionStep = (typeof connectionSteps)[number];

const failedStepOf: Record<string, ConnectionStep> = {
  proxyUnreachable: 'proxy',
  proxyTimeout: 'proxy',
  proxyAuthenticationFailed: 'proxyAuthentication',
  certificateUntrusted: 'tlsTrust',
  serviceUnreachable: 'service',
  serviceTimeout: 'service',
  serviceError: 'service',
  invalidResponse: 'service',
};

/**
 * *Getting Started → Check connection*: one TLS request to the MDR service's health check, and each
 * step of the way (proxy, proxy authentication, TLS trust, service) passed, failed or not reached.
 * A failure is the answer, not an error.
 */
export async function checkConnection(client: MdrServiceClient) {
  const steps = connectionSteps.filter((step) => client.route.mode === 'proxy' || (step !== 'proxy' && step !== 'proxyAuthentication'));
  try {
    const response = await client.request({ method: 'GET', path: '/console/v1/health' });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new UpstreamError('invalidResponse', 502, `Unexpected answer ${response.statusCode}`);
    JSON.parse(text);
    return { ok: true, steps: steps.map((step) => ({ step, ok: true })) };
  } catch (error) {
    const failure = error instanceof UpstreamError ? error : client.classify(error);
    const failedStep = failedStepOf[failure.failure] ?? 'service';
    const failedIndex = steps.indexOf(failedStep);
    return {
      ok: false,
      failure: failure.failure,
      message: failure.message,
      steps: steps.map((step, index) => ({ step, ok: index < failedIndex ? true : index === failedIndex ? false : null })),
    };
  }
}
