// Shared building blocks: form fields with their messages, flash messages, the error page body.
import Html from '@kitajs/html';
import type { Flash } from '../http/flash.js';
import { CSRF_FIELD } from '../http/csrf.js';

export function CsrfField({ token }: { token: string }): JSX.Element {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

export interface FieldProps {
  name: string;
  label: string;
  /** The input's id (the label, hint and message ids start with it); `field-<name>` unless given. */
  id?: string;
  /** Another class beside `field` (e.g. one per field, for the layout). */
  class?: string;
  value?: string;
  error?: string | undefined;
  type?: string;
  inputmode?: string | undefined;
  autocomplete?: string;
  spellcheck?: 'false' | undefined;
  required?: boolean;
  /** Says "(optional)" after the label. */
  optional?: boolean;
  /** `auto` for values in any script (names, addresses), so each shows in its own direction. */
  dir?: 'auto';
  maxlength?: number;
  minlength?: number;
  hint?: string;
  autofocus?: boolean;
}

/** A labelled input whose message, when there is one, is tied to it for screen readers. */
export function Field(props: FieldProps): JSX.Element {
  const id = props.id ?? `field-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const classes = ['field', props.class, props.error ? 'field-invalid' : ''];
  return (
    <div class={classes.filter(Boolean).join(' ')}>
      <label for={id}>
        {Html.escapeHtml(props.label)}
        {props.optional ? <span class="field-optional"> (optional)</span> : ''}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        inputmode={props.inputmode}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        spellcheck={props.spellcheck}
        required={props.required}
        dir={props.dir}
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

export interface ToastProps {
  kind: Flash['kind'];
  text: string;
  /** How long app.js shows it, in ms; without, its default (10 s with an action in it, 5 s without). */
  timeout?: number;
  /** What the toast offers besides its text: a link to copy, or an action (a small form). */
  children?: Html.Children;
}

/**
 * A message in the flash region (a page's flash, an htmx answer's toast, and the one app.js shows when
 * the server cannot be reached, from a <template> of this markup); app.js fades it after its time.
 */
export function Toast({ kind, text, timeout, children }: ToastProps): JSX.Element {
  return (
    <div
      class={`toast toast-${kind}`}
      data-toast=""
      data-toast-timeout={timeout === undefined ? undefined : String(timeout)}
    >
      <span class="toast-text" safe>
        {text}
      </span>
      {children ?? ''}
    </div>
  );
}

/** The flash a redirect left for this page: its text, and a link to copy or an action when it has one. */
export function FlashMessage({
  flash,
  csrfToken,
}: {
  flash: Flash;
  csrfToken: string;
}): JSX.Element {
  return (
    <Toast kind={flash.kind} text={flash.text}>
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
        // An Undo here is the one `u` presses (app.js), as on the toasts htmx shows.
        <form
          method="post"
          action={flash.action.url}
          class="toast-action"
          data-undo={flash.action.label === 'Undo' ? '' : undefined}
        >
          <CsrfField token={csrfToken} />
          <button type="submit" class="button button-small" safe>
            {flash.action.label}
          </button>
        </form>
      ) : (
        ''
      )}
    </Toast>
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
  /** Hidden fields the action needs beside the token (what exactly is confirmed). */
  children?: Html.Children;
}

/** The buttons under a confirmation question: do it (a POST with the CSRF token), or Cancel back. */
export function ConfirmForm({
  action,
  csrfToken,
  label,
  kind,
  cancelHref,
  autofocus,
  children,
}: ConfirmFormProps): JSX.Element {
  return (
    <form method="post" action={action} class="confirm-actions">
      <CsrfField token={csrfToken} />
      {children ?? ''}
      <button type="submit" class={`button button-${kind}`} autofocus={autofocus} safe>
        {label}
      </button>
      <a class="button" href={cancelHref}>
        Cancel
      </a>
    </form>
  );
}
