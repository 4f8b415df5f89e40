// Merging two records of one person over HTTP: GET /customers/:id/merge?with=:other shows both side by
// side, POST /customers/:id/merge merges (303 to the kept record, with Undo in its flash), POST
// /customers/merges/:id/undo undoes it. Plain forms; with htmx a write answers HX-Redirect. Mounted
// inside the customer routes (behind their sign-in and CSRF checks).
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isHtmx, type AppEnv } from '../../http/env.js';
import { setFlash, type Flash } from '../../http/flash.js';
import { readForm } from '../../http/forms.js';
import { actorOf, idParam, isId, signedInUser } from '../../http/params.js';
import { readerOf, renderPage } from '../../http/render.js';
import { fullName } from '../display.js';
import { getCustomerRecord, type CustomerWithAuthors } from '../queries.js';
import { customerUrl, mergeUndoUrl } from '../views/common.js';
import { decideMerge, defaultChoices, refusal, type MergeDecision } from './choices.js';
import { mergeRecords, undoMerge, type UndoResult } from './queries.js';
import { MergePage, type MergePageProps } from './views.js';

export const mergeRoutes = new Hono<AppEnv>();

type Ctx = Context<AppEnv>;

/** The other record's id (?with= or the form's `with`): digits, or the request is refused. */
function otherId(raw: string | undefined): number {
  if (!isId(raw) || Number(raw) === 0)
    throw new HTTPException(400, {
      message: 'Say which customer to merge with: open the merge from a duplicate group.',
    });
  return Number(raw);
}

/** Why two records cannot be merged at all, as an error page (nothing changes). */
function refuse(decision: MergeDecision, a?: CustomerWithAuthors, b?: CustomerWithAuthors): never {
  if (decision.outcome === 'self')
    throw new HTTPException(400, {
      message: 'A record cannot be merged with itself. Choose two different customers.',
    });
  if (decision.outcome === 'trashed') {
    const record = decision.side === 'a' ? a! : b!;
    throw new HTTPException(409, {
      message: `${fullName(record)} is in the trash. Restore them first to merge the two records.`,
    });
  }
  throw new HTTPException(404);
}

function showMerge(
  c: Ctx,
  props: Omit<MergePageProps, 'csrfToken' | 'reader'>,
  status: 200 | 409 | 422 = 200,
) {
  const page = <MergePage {...props} csrfToken={c.get('csrfToken')} reader={readerOf(c)} />;
  return renderPage(c, `Merge ${fullName(props.a)} and ${fullName(props.b)}`, page, status);
}

/** To a page after a write: a 303, or for htmx an HX-Redirect (the flash rides along). */
function redirectTo(c: Ctx, url: string, flash: Flash) {
  setFlash(c, flash);
  if (isHtmx(c)) {
    c.header('HX-Redirect', url);
    return c.body(null, 204);
  }
  return c.redirect(url, 303);
}

mergeRoutes.get('/:id{[0-9]{1,15}}/merge', async (c) => {
  const workspaceId = signedInUser(c).workspaceId;
  const { db } = c.get('deps');
  const a = await getCustomerRecord(db, workspaceId, idParam(c));
  if (!a) throw new HTTPException(404);
  const b = await getCustomerRecord(db, workspaceId, otherId(c.req.query('with')));
  if (!b) throw new HTTPException(404);
  const refused = refusal(a, b);
  if (refused) refuse(refused, a, b);
  return showMerge(c, { a, b, choices: defaultChoices(a, b) });
});

mergeRoutes.post('/:id{[0-9]{1,15}}/merge', async (c) => {
  const { db } = c.get('deps');
  const actor = actorOf(c, signedInUser(c));
  const id = idParam(c);
  if (!(await getCustomerRecord(db, actor.workspaceId, id))) throw new HTTPException(404);
  const form = await readForm(c);
  const ids = { a: id, b: otherId(form.with) };
  const { decision, a, b, merge } = await mergeRecords(db, actor, ids, (a, b) =>
    decideMerge(form, a, b),
  );
  if (decision.outcome === 'stale') {
    const stale = { sides: decision.sides, changedSince: decision.changedSince };
    return showMerge(c, { a: a!, b: b!, choices: decision.choices, stale }, 409);
  }
  if (decision.outcome === 'invalid')
    return showMerge(c, { a: a!, b: b!, choices: decision.choices, errors: decision.errors }, 422);
  if (decision.outcome !== 'merge' || !merge) refuse(decision, a, b);
  const [kept, other] = decision.keep === 'a' ? [a!, b!] : [b!, a!];
  return redirectTo(c, customerUrl(kept.id), {
    kind: 'success',
    text: `Merged ${fullName(other)} into ${fullName({ ...kept, ...decision.values })}.`,
    action: { label: 'Undo', url: mergeUndoUrl(merge.id) },
  });
});

/** Why an undo changed nothing, in words. */
function undoRefusal(result: Extract<UndoResult, { outcome: 'conflict' }>): string {
  const kept = fullName(result.kept);
  const merged = fullName(result.merged);
  if (result.reason === 'kept-trashed')
    return `${kept} is in the trash now. Restore them first, then undo the merge.`;
  if (result.reason === 'merged-restored')
    return `${merged} was restored from the trash since the merge, so it cannot be undone. Nothing was changed.`;
  const who = result.kept.updated_by_name ?? 'someone';
  return `${kept} was changed since the merge (by ${who}). Undoing it now would lose that change, so nothing was undone.`;
}

mergeRoutes.post('/merges/:id{[0-9]{1,15}}/undo', async (c) => {
  const actor = actorOf(c, signedInUser(c));
  const result = await undoMerge(c.get('deps').db, actor, idParam(c));
  if (result.outcome === 'missing') throw new HTTPException(404);
  if (result.outcome === 'already-undone')
    throw new HTTPException(409, { message: 'That merge was already undone.' });
  if (result.outcome === 'conflict') throw new HTTPException(409, { message: undoRefusal(result) });
  return redirectTo(c, customerUrl(result.merge.kept_id), {
    kind: 'success',
    text: `Merge undone: ${fullName(result.kept)} and ${fullName(result.merged)} are two records again.`,
  });
});
