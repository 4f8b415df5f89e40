// Shared building blocks: form fields with their messages, flash messages, the error page body.
import type { Flash } from '../http/flash.js';
import { CSRF_FIELD } from '../http/csrf.js';

export function CsrfField({ token }: { token: string }): JSX.Element {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

export interface FieldProps {
  name: string;
  label: string;
  value?: string;
  error?: string | undefined;
  type?: string;
  autocomplete?: string;
  required?: boolean;
  maxlength?: number;
  minlength?: number;
  hint?: string;
  autofocus?: boolean;
}

/** A labelled input whose message, when there is one, is tied to it for screen readers. */
export function Field(props: FieldProps): JSX.Element {
  const id = `field-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id} safe>
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        required={props.required}
        maxlength={props.maxlength}
        minlength={props.minlength}
        autofocus={props.autofocus}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
      {props.hint ? (
        <p class="field-hint" id={`${id}-hint`} safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
      {props.error ? (
        <p class="field-error" id={`${id}-error`} safe>
          {props.error}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

/** A form-level message, shown above the fields (e.g. "Email or password is wrong"). */
export function FormAlert({ message }: { message?: string | undefined }): JSX.Element {
  if (!message) return '';
  return (
    <div class="alert alert-error" role="alert" safe>
      {message}
    </div>
  );
}

export function FlashMessage({
  flash,
  csrfToken,
}: {
  flash: Flash;
  csrfToken: string;
}): JSX.Element {
  return (
    <div class={`toast toast-${flash.kind}`} data-toast>
      <span class="toast-text" safe>
        {flash.text}
      </span>
      {flash.link ? (
        <input
          class="toast-link"
          type="text"
          readonly
          value={flash.link}
          aria-label="Link to copy"
          data-select-on-focus
        />
      ) : (
        ''
      )}
      {flash.action ? (
        <form method="post" action={flash.action.url} class="toast-action">
          <CsrfField token={csrfToken} />
          <button type="submit" class="button button-small" safe>
            {flash.action.label}
          </button>
        </form>
      ) : (
        ''
      )}
    </div>
  );
}

export function ErrorPanel({
  status,
  title,
  message,
}: {
  status: number;
  title: string;
  message: string;
}): JSX.Element {
  return (
    <section class="panel error-panel" aria-labelledby="error-title">
      <p class="error-status">{status}</p>
      <h1 id="error-title" safe>
        {title}
      </h1>
      <p safe>{message}</p>
      <p>
        <a class="button" href="/">
          Go to your customers
        </a>
      </p>
    </section>
  );
}

export interface ConfirmFormProps {
  action: string;
  csrfToken: string;
  /** The submit button's words, saying what happens ("Remove member"). */
  label: string;
  /** `danger` for what cannot be undone. */
  kind: 'primary' | 'danger';
  cancelHref: string;
  autofocus?: boolean;
}

/** The buttons under a confirmation question: do it (a POST with the CSRF token), or Cancel back. */
export function ConfirmForm({
  action,
  csrfToken,
  label,
  kind,
  cancelHref,
  autofocus,
}: ConfirmFormProps): JSX.Element {
  return (
    <form method="post" action={action} class="confirm-actions">
      <CsrfField token={csrfToken} />
      <button type="submit" class={`button button-${kind}`} autofocus={autofocus} safe>
        {label}
      </button>
      <a class="button" href={cancelHref}>
        Cancel
      </a>
    </form>
  );
}
