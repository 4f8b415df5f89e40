// Reading files (encodings, separators, quoted line breaks, BOM, CRLF) and guessing columns from the
// header rows real tools export, or a header row Folio cannot guess.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { emailMatchKey, sameEmail } from '../duplicates/rules.js';
import { guessMapping, mapRecord, splitName, type Mapping } from './mapping.js';
import { detectSeparator, readCsvUpload, type StagedRow } from './parse.js';
import { book, mappingForm, runJobs, uploaded } from './testing.js';

async function read(content: string | Buffer) {
  const rows: StagedRow[] = [];
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  // Two chunks, split inside a multi-byte character, as a network would.
  const source = Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]);
  const file = await readCsvUpload(source, (chunk) => {
    rows.push(...chunk);
    return Promise.resolve();
  });
  return { ...file, rows };
}

describe('reading a CSV upload', () => {
  it('reads a BOM, CRLF, quoted cells with separators and line breaks, and numbers rows as a spreadsheet does', async () => {
    const file = await read(
      '\uFEFFFirst name,Note\r\n"Zoë","a, b\r\nc"\r\n\r\n,\r\nBo,"say ""hi"""\r\n',
    );
    expect(file).toMatchObject({
      encoding: 'utf-8',
      separator: ',',
      headers: ['First name', 'Note'],
    });
    expect(file.rows).toEqual([
      { rowNumber: 2, cells: ['Zoë', 'a, b\r\nc'] },
      { rowNumber: 4, cells: ['Bo', 'say "hi"'] },
    ]);
  });

  it('detects Windows-1252, semicolons and tabs', async () => {
    const latin = await read(Buffer.from('Name;City\nJosé;Zürich\n', 'latin1'));
    expect(latin).toMatchObject({ encoding: 'windows-1252', separator: ';' });
    expect(latin.rows[0]!.cells).toEqual(['José', 'Zürich']);
    // 0x80 is the euro sign in Windows-1252 (not a C1 control as in Latin-1).
    expect((await read(Buffer.from([0x4e, 0x0a, 0x80, 0x0a]))).rows[0]!.cells).toEqual(['€']);
    expect((await read('a\tb\n1\t2\n')).separator).toBe('\t');
    expect(detectSeparator('"a;b",c,d\n')).toBe(',');
  });
});

// Header rows as the tools export them (trimmed to their first columns where they run to dozens).
const GOOGLE =
  'Name,Given Name,Additional Name,Family Name,Yomi Name,Nickname,Birthday,Notes,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Address 1 - Type,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country';
const GOOGLE_NEW =
  'First Name,Middle Name,Last Name,Phonetic First Name,Nickname,File As,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Address 1 - Label,Address 1 - Country,Address 1 - Street,Address 1 - Extended Address,Address 1 - City,Address 1 - Region,Address 1 - Postal Code';
const OUTLOOK =
  "First Name,Middle Name,Last Name,Title,Suffix,Nickname,Given Yomi,Surname Yomi,E-mail Address,E-mail 2 Address,E-mail 3 Address,Home Phone,Home Phone 2,Business Phone,Business Phone 2,Mobile Phone,Car Phone,Other Phone,Primary Phone,Pager,Business Fax,Home Fax,Other Fax,Company Main Phone,Callback,Radio Phone,Telex,TTY/TDD Phone,IMAddress,Job Title,Department,Company,Office Location,Manager's Name,Assistant's Name,Assistant's Phone,Company Yomi,Business Street,Business City,Business State,Business Postal Code,Business Country/Region,Home Street,Home City,Home State,Home Postal Code,Home Country/Region";
const HUBSPOT =
  'Record ID,First Name,Last Name,Email,Phone Number,Mobile Phone Number,Street Address,City,State/Region,Postal Code,Country/Region,Company Name,Contact owner,Lifecycle Stage,Create Date';
const TWENTY =
  'Id,Name / First Name,Name / Last Name,Emails / Primary Email,Emails / Additional Emails,Phones / Primary Phone Number,Phones / Primary Phone Country Code,Address / Address 1,Address / Address 2,Address / City,Address / State,Address / Postcode,Address / Country,Job Title,Created At';
const FOLIO = 'First name,Last name,Email,Phone,Address,City,State,ZIP code,Added,Last changed';

function guessed(headerRow: string): Record<string, string> {
  const headers = headerRow.split(',');
  const mapping = guessMapping(headers);
  return Object.fromEntries(
    mapping.columns.flatMap((target, i) => (target ? [[target, headers[i]!]] : [])),
  );
}

describe('mapping guesses', () => {
  it.each([
    [
      'Google Contacts',
      GOOGLE,
      {
        first_name: 'Given Name',
        last_name: 'Family Name',
        email: 'E-mail 1 - Value',
        phone: 'Phone 1 - Value',
        address: 'Address 1 - Street',
        city: 'Address 1 - City',
        state: 'Address 1 - Region',
        zipcode: 'Address 1 - Postal Code',
      },
    ],
    [
      'Google Contacts (2023)',
      GOOGLE_NEW,
      {
        first_name: 'First Name',
        last_name: 'Last Name',
        email: 'E-mail 1 - Value',
        phone: 'Phone 1 - Value',
        address: 'Address 1 - Street',
        city: 'Address 1 - City',
        state: 'Address 1 - Region',
        zipcode: 'Address 1 - Postal Code',
      },
    ],
    [
      'Outlook',
      OUTLOOK,
      {
        first_name: 'First Name',
        last_name: 'Last Name',
        email: 'E-mail Address',
        phone: 'Home Phone',
        address: 'Business Street',
        city: 'Business City',
        state: 'Business State',
        zipcode: 'Business Postal Code',
      },
    ],
    [
      'HubSpot',
      HUBSPOT,
      {
        first_name: 'First Name',
        last_name: 'Last Name',
        email: 'Email',
        phone: 'Phone Number',
        address: 'Street Address',
        city: 'City',
        state: 'State/Region',
        zipcode: 'Postal Code',
      },
    ],
    [
      'Twenty',
      TWENTY,
      {
        first_name: 'Name / First Name',
        last_name: 'Name / Last Name',
        email: 'Emails / Primary Email',
        phone: 'Phones / Primary Phone Number',
        address: 'Address / Address 1',
        city: 'Address / City',
        state: 'Address / State',
        zipcode: 'Address / Postcode',
      },
    ],
    [
      'Folio',
      FOLIO,
      {
        first_name: 'First name',
        last_name: 'Last name',
        email: 'Email',
        phone: 'Phone',
        address: 'Address',
        city: 'City',
        state: 'State',
        zipcode: 'ZIP code',
      },
    ],
  ])('%s', (_tool, headers, expected) => {
    expect(guessed(headers)).toEqual(expected);
  });

  it.each([
    ['Given Name', 'first_name'],
    ['First', 'first_name'],
    ['Surname', 'last_name'],
    ['E-mail Address', 'email'],
    ['Mobile Phone', 'phone'],
    ['Business Phone', 'phone'],
    ['Street', 'address'],
    ['Postal Code', 'zipcode'],
    ['ZIP', 'zipcode'],
    ['Province', 'state'],
    ['Region', 'state'],
    ['Full Name', 'name'],
    ['Vorname', ''],
    ['Company', ''],
  ])('%s -> %s', (header, target) => {
    expect(guessMapping([header]).columns).toEqual([target]);
  });

  it('a header row in another language: no name guessed, and starting says what is missing and changes nothing', async () => {
    const t = await book();
    const id = await uploaded(
      t.client,
      'Vorname;Nachname;E-Mail\r\nAda;Lovelace;ada@example.com\r\n',
    );
    const { form } = await mappingForm(t.client, id);
    expect(form).toEqual({ col0: '', col1: '', col2: 'email' });
    const refused = await t.start(id, { ...form, policy: 'skip' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain(
      'Choose the columns for first and last name, or one column with the whole name',
    );
    expect(await t.importRow(id)).toMatchObject({ state: 'mapping', job_id: null });
    // Chosen by hand, the same file imports.
    const chosen = { col0: 'first_name', col1: 'last_name', col2: 'email', policy: 'skip' };
    expect((await t.start(id, chosen)).status).toBe(303);
    await runJobs(t.db);
    expect((await t.customers()).map((c) => [c.first_name, c.email])).toEqual([
      ['Ada', 'ada@example.com'],
    ]);
  });

  it('a single Name column is split into first and last name', () => {
    expect(splitName('Ada King Lovelace')).toEqual({ first: 'Ada King', last: 'Lovelace' });
    expect(splitName(' Lovelace,  Ada ')).toEqual({ first: 'Ada', last: 'Lovelace' });
    expect(splitName('Cher')).toEqual({ first: 'Cher', last: '' });
    const mapping: Mapping = { columns: ['name', 'email', ''], note: true };
    expect(mapRecord(['Grace Hopper', "'+44 1", 'x'], ['Name', 'Email', 'Tag'], mapping)).toEqual({
      values: expect.objectContaining({ first_name: 'Grace', last_name: 'Hopper', email: '+44 1' }),
      note: 'Tag: x',
    });
  });

  it('the email rule folds case and accents, and never matches empty emails', () => {
    expect(emailMatchKey(' Ada@Example.COM ')).toBe('ada@example.com');
    expect(sameEmail('ADA@example.com', 'ada@EXAMPLE.com')).toBe(true);
    expect(sameEmail('', '')).toBe(false);
  });
});
