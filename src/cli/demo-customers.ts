// Realistic, deterministic fake customers for demos and benchmarks: the same seed gives the same book.
import type { CustomerFields } from '../customers/bulk.js';

const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'Grace', 'Ada', 'Alan', 'Katherine', 'Margaret', 'Dorothy', 'Edsger', 'Barbara', 'Frances', 'Donald',
  'José', 'María', 'Lucía', 'Sofía', 'Mateo', 'Santiago', 'Valentina', 'Camila', 'Diego', 'Alejandro',
  'Wei', 'Li', 'Mei', 'Jun', 'Xiao', 'Yan', 'Hao', 'Lin', 'Ying', 'Chen',
  'Aarav', 'Priya', 'Rohan', 'Ananya', 'Vikram', 'Saanvi', 'Arjun', 'Diya', 'Kavya', 'Ishaan',
  'Mohammed', 'Fatima', 'Omar', 'Aisha', 'Yusuf', 'Layla', 'Karim', 'Noor', 'Hassan', 'Zainab',
  'Chinedu', 'Ngozi', 'Oluwaseun', 'Amara', 'Kwame', 'Abena', 'Tunde', 'Folake', 'Emeka', 'Adaeze',
  'Hiroshi', 'Yuki', 'Haruto', 'Sakura', 'Ren', 'Aiko', 'Kenji', 'Hana', 'Takeshi', 'Emi',
  'François', 'Amélie', 'Chloé', 'Léa', 'Théo', 'Zoë', 'Noël', 'Hélène', 'Jérôme', 'Cécile',
  'Jürgen', 'Björn', 'Søren', 'Åsa', 'Małgorzata', 'Łukasz', 'Zoltán', 'Dvořák', 'Ines', 'Niamh',
  'Minh', 'Thảo', 'Quang', 'Linh', 'Ji-woo', 'Seo-yeon', 'Min-jun', 'Olga', 'Dmitri', 'Svetlana',
  "D'Arcy", 'Siobhán', 'Eoin', 'Mercè', 'João', 'Conceição', 'Tomás', 'Renée', 'Zoltan', 'Leilani',
];

const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hopper', 'Lovelace', 'Turing', 'Johnson', 'Hamilton', 'Vaughan', 'Dijkstra', 'Liskov', 'Allen', 'Knuth',
  'Hernández', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores', 'Rivera', 'Gómez',
  'Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou',
  'Patel', 'Sharma', 'Singh', 'Kumar', 'Gupta', 'Reddy', 'Iyer', 'Nair', 'Mehta', 'Chatterjee',
  'Haddad', 'Khalil', 'Mansour', 'Nasser', 'Rahman', 'Hussein', 'Aziz', 'Saleh', 'Farouk', 'Abdullah',
  'Okafor', 'Adeyemi', 'Mensah', 'Nwosu', 'Boateng', 'Eze', 'Balogun', 'Owusu', 'Okonkwo', 'Adebayo',
  'Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato',
  'Dubois', 'Lefèvre', 'Moreau', 'Laurent', 'Bérubé', 'Müller', 'Schröder', 'Großmann', 'Østergaard', 'Nowak',
  "O'Brien", "O'Connor", 'McAllister', 'Kowalczyk', 'Nguyễn', 'Trần', 'Kim', 'Park', 'Ivanova', 'Petrov',
];

const PLACES: [city: string, state: string, zipPrefix: string, area: string][] = [
  ['New York', 'NY', '100', '212'], ['Brooklyn', 'NY', '112', '718'], ['Buffalo', 'NY', '142', '716'],
  ['Los Angeles', 'CA', '900', '213'], ['San Francisco', 'CA', '941', '415'], ['San Diego', 'CA', '921', '619'],
  ['Oakland', 'CA', '946', '510'], ['Sacramento', 'CA', '958', '916'], ['Chicago', 'IL', '606', '312'],
  ['Springfield', 'IL', '627', '217'], ['Houston', 'TX', '770', '713'], ['Austin', 'TX', '787', '512'],
  ['Dallas', 'TX', '752', '214'], ['San Antonio', 'TX', '782', '210'], ['El Paso', 'TX', '799', '915'],
  ['Phoenix', 'AZ', '850', '602'], ['Tucson', 'AZ', '857', '520'], ['Philadelphia', 'PA', '191', '215'],
  ['Pittsburgh', 'PA', '152', '412'], ['Seattle', 'WA', '981', '206'], ['Spokane', 'WA', '992', '509'],
  ['Portland', 'OR', '972', '503'], ['Denver', 'CO', '802', '303'], ['Boulder', 'CO', '803', '720'],
  ['Boston', 'MA', '021', '617'], ['Cambridge', 'MA', '021', '617'], ['Miami', 'FL', '331', '305'],
  ['Orlando', 'FL', '328', '407'], ['Tampa', 'FL', '336', '813'], ['Atlanta', 'GA', '303', '404'],
  ['Savannah', 'GA', '314', '912'], ['Nashville', 'TN', '372', '615'], ['Memphis', 'TN', '381', '901'],
  ['New Orleans', 'LA', '701', '504'], ['Minneapolis', 'MN', '554', '612'], ['Saint Paul', 'MN', '551', '651'],
  ['Detroit', 'MI', '482', '313'], ['Ann Arbor', 'MI', '481', '734'], ['Columbus', 'OH', '432', '614'],
  ['Cleveland', 'OH', '441', '216'], ['Madison', 'WI', '537', '608'], ['Milwaukee', 'WI', '532', '414'],
  ['Salt Lake City', 'UT', '841', '801'], ['Las Vegas', 'NV', '891', '702'], ['Albuquerque', 'NM', '871', '505'],
  ['Raleigh', 'NC', '276', '919'], ['Charlotte', 'NC', '282', '704'], ['Richmond', 'VA', '232', '804'],
  ['Baltimore', 'MD', '212', '410'], ['Honolulu', 'HI', '968', '808'], ['Anchorage', 'AK', '995', '907'],
  ['Burlington', 'VT', '054', '802'], ['Portland', 'ME', '041', '207'], ['Providence', 'RI', '029', '401'],
];

const STREETS = [
  'Main St', 'Oak Ave', 'Maple Dr', 'Cedar Ln', 'Pine St', 'Elm St', 'Washington Ave', 'Lake View Rd',
  'Hillcrest Dr', 'Sunset Blvd', 'Park Ave', 'River Rd', 'Church St', 'Mill Rd', 'Highland Ave', 'Broadway',
  'Market St', 'Spring St', 'Chestnut St', 'Walnut St', 'Franklin Ave', 'Jefferson St', 'Madison Ave',
  'Lincoln Way', 'Harbor Dr', 'Meadow Ln', 'Orchard Rd', 'Prospect St', 'Willow Way', 'Grand Ave',
];

const DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example', 'post.example', 'inbox.example'];

/** mulberry32: a tiny, fast, seedable PRNG; good enough for fake data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Letters that Unicode does not decompose into a base letter and a mark.
const LETTERS: Record<string, string> = { ø: 'o', Ø: 'O', æ: 'ae', Æ: 'Ae', ß: 'ss', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', œ: 'oe' };

function ascii(text: string): string {
  return text
    .replace(/[øØæÆßłŁđĐœ]/g, (letter) => LETTERS[letter]!)
    .normalize('NFD')
    .replace(/[^A-Za-z0-9-]/g, '')
    .toLowerCase();
}


/**
 * Yields `count` customers. Creation dates run from about three years ago to `until`, in order, so the
 * newest-first table shows the last ones made.
 */
export function* demoCustomers(count: number, seed = 20261124, until = Date.parse('2026-11-24T09:00:00Z')): Generator<CustomerFields> {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const span = 3 * 365 * 24 * 60 * 60 * 1000;
  const start = until - span;
  for (let i = 0; i < count; i += 1) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const [city, state, zipPrefix, area] = pick(PLACES);
    const number = 1000 + Math.floor(next() * 9000);
    const line = Math.floor(next() * 10000).toString().padStart(4, '0');
    const phone =
      next() < 0.5 ? `+1 (${area}) 555-${line}` : next() < 0.5 ? `${area}-555-${line}` : `(${area}) 555.${line}`;
    const hasEmail = next() < 0.92;
    const created = start + Math.floor(((i + next()) / count) * span);
    yield {
      first_name: first,
      last_name: last,
      email: hasEmail ? `${ascii(first)}.${ascii(last)}${i % 997}@${pick(DOMAINS)}` : '',
      phone: next() < 0.95 ? phone : '',
      address: `${Math.floor(next() * 9800) + 100} ${pick(STREETS)}${next() < 0.15 ? `, Apt ${number % 400}` : ''}`,
      city,
      state,
      zipcode: `${zipPrefix}${Math.floor(next() * 100).toString().padStart(2, '0')}`,
      created_at: new Date(created).toISOString(),
    };
  }
}
