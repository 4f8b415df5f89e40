// The buttons under an editor: save (or restore with the typed values) and cancel (or discard).
import { customerUrl } from './common.js';
import type { EditorProps } from './editor-form.js';

/** The customer was deleted meanwhile: restore with what was typed, or discard it. */
function RestoreButtons({ id, inline }: { id: number; inline: boolean }): JSX.Element {
  const small = inline ? ' button-small' : '';
  // Discard: the page goes back to the table; the row asks for the customer, whose 410 takes the row away.
  const url = customerUrl(id);
  return (
    <div class="button-row">
      <button type="submit" class={`button button-primary${small}`} autofocus>
        Restore with these values
      </button>
      <a
        class={`button${small}`}
        href="/customers"
        hx-get={inline ? url : undefined}
        hx-target={inline ? 'closest tr' : undefined}
        hx-swap={inline ? 'outerHTML' : undefined}
        data-action="discard"
      >
        Discard
      </a>
    </div>
  );
}

export function EditorButtons({
  customer,
  conflict,
  deleted,
  duplicates,
  inline,
}: Pick<EditorProps, 'customer' | 'conflict' | 'deleted' | 'duplicates'> & {
  inline: boolean;
}): JSX.Element {
  if (customer && deleted) return <RestoreButtons id={customer.id} inline={inline} />;
  const small = inline ? ' button-small' : '';
  const cancelUrl = customer ? customerUrl(customer.id) : '/customers';
  const swapsRow = inline && customer;
  return (
    <div class="button-row">
      {duplicates?.length ? (
        <button
          type="submit"
          class={`button button-primary${small}`}
          data-action="save-anyway"
          autofocus
        >
          Save anyway
        </button>
      ) : (
        <button type="submit" class={`button button-primary${small}`}>
          {conflict ? 'Save with these choices' : customer ? 'Save changes' : 'Add customer'}
        </button>
      )}
      <a
        class={`button${small}`}
        href={cancelUrl}
        hx-get={swapsRow ? cancelUrl : undefined}
        hx-target={swapsRow ? 'closest tr' : undefined}
        hx-swap={swapsRow ? 'outerHTML' : undefined}
        data-action={inline && !customer ? 'cancel-new' : 'cancel'}
      >
        {conflict ? 'Discard my changes' : 'Cancel'}
      </a>
    </div>
  );
}
