/** Toasts and confirmation dialogs the console offers to plug-ins, through window events. */

export interface ToastDetail {
  kind: 'success' | 'info' | 'warning' | 'error';
  text: string;
}

export interface ConfirmDetail {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
  resolve(answer: boolean): void;
}

export function showToast(toast: ToastDetail): void {
  window.dispatchEvent(new CustomEvent<ToastDetail>('ksc-toast', { detail: toast }));
}

export function requestConfirm(request: Omit<ConfirmDetail, 'resolve'>): Promise<boolean> {
  return new Promise((resolve) => {
    window.dispatchEvent(new CustomEvent<ConfirmDetail>('ksc-confirm', { detail: { ...request, resolve } }));
  });
}
