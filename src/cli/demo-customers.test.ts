import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CustomerSchema } from '../customers/schema.js';
import { demoCustomers } from './demo-customers.js';

describe('demo customers', () => {
  it('are the same for the same seed and different for another', () => {
    const first = [...demoCustomers(50, 7)];
    expect([...demoCustomers(50, 7)]).toEqual(first);
    expect([...demoCustomers(50, 8)]).not.toEqual(first);
  });

  it("every one passes the form's own validation, so a seeded book can be edited as it is", () => {
    for (const customer of demoCustomers(5000)) {
      const { created_at, ...fields } = customer;
      const result = v.safeParse(CustomerSchema, fields);
      expect(result.success, JSON.stringify(fields)).toBe(true);
      expect(Number.isNaN(Date.parse(created_at))).toBe(false);
    }
  });

  it('come from several cultures, newest last', () => {
    const people = [...demoCustomers(2000)];
    expect(new Set(people.map((p) => p.last_name)).size).toBeGreaterThan(60);
    expect(people.some((p) => /[^\x00-\x7f]/.test(p.first_name + p.last_name))).toBe(true);
    const times = people.map((p) => Date.parse(p.created_at));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
  });
});
