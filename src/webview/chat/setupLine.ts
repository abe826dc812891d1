/**
 * First run: one line above the transcript when no model endpoint is ready, with the button that
 * fixes it (Add Model Endpoint, or Select Model when endpoints exist but none is selected).
 * Hidden once an endpoint is ready.
 */
import * as l10n from '@vscode/l10n';

type EndpointState = 'ready' | 'noEndpoint' | 'noSelection';

const TEXT: Record<Exclude<EndpointState, 'ready'>, () => [string, string]> = {
  noEndpoint: () => [l10n.t('No model endpoint is configured yet.'), l10n.t('Add Model Endpoint')],
  noSelection: () => [l10n.t('No model endpoint is selected.'), l10n.t('Select Model')],
};

export class SetupLine {
  readonly el = document.createElement('div');
  private readonly text = document.createElement('span');
  private readonly button = document.createElement('button');

  constructor(onFix: () => void) {
    this.el.className = 'setup-line';
    this.el.setAttribute('role', 'status');
    this.button.type = 'button';
    this.button.className = 'setup-fix';
    this.button.addEventListener('click', onFix);
    const icon = document.createElement('span');
    icon.className = 'codicon codicon-info';
    this.el.append(icon, this.text, this.button);
    this.el.hidden = true;
  }

  show(state: EndpointState): void {
    this.el.hidden = state === 'ready';
    if (state === 'ready') return;
    [this.text.textContent, this.button.textContent] = TEXT[state]();
  }
}
