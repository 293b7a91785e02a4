import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../../compiler/pipeline/check-project.js';
import { generateProject } from '../../../compiler/pipeline/generate-project.js';
import { createProject } from '../../support/project.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/issue-13/${name}`, import.meta.url), 'utf8');

/** The hand-written CheckOut of the hotel: a real handler, held to its generated signature. */
const CHECK_OUT = `import { DomainError } from 'orchestrix/runtime';
import type { CheckOutHandler } from '../../../out/hotel/reservation.js';

export const decideCheckOut: CheckOutHandler = (state, _command, context) => {
  if (state.status !== 'checkedIn') throw new DomainError('NotCheckedIn', 'Only a guest who checked in can check out', 'CheckOut');
  return [{ type: 'GuestCheckedOut', data: { at: context.now } }];
};
`;

describe('the domains of issue 13', () => {
  it('a hotel written as its author wanted and ClaimState beside Claim: both check, generate and type-check strictly', async () => {
    const cwd = createProject({
      'orchestrix.config.yaml': 'specs: ["domains/**/*.yaml"]\noutput: out\nhandlers: handlers\n',
      'domains/hotel.yaml': fixture('hotel.yaml'),
      'domains/claims.yaml': fixture('claims.yaml'),
      'handlers/hotel/reservation/check-out.ts': CHECK_OUT,
    });
    const project = await checkProject({ cwd });
    expect(project.diagnostics).toEqual([]);
    expect(project.domains.map((d) => d.name).sort()).toEqual(['claims', 'hotel']);
    // --verify type-checks the generated code and the handler under --strict,
    // --noUncheckedIndexedAccess and --exactOptionalPropertyTypes.
    const result = await generateProject(project, { cwd, mode: 'write', force: false, verify: true });
    expect(result.diagnostics).toEqual([]);

    const reservation = readFileSync(join(cwd, 'out/hotel/reservation.ts'), 'utf8');
    // Money built in emits, from a difference of dates; the optional roomId narrowed by requires.
    expect(reservation).toMatch(/total: \{\s*amount:\s*command\.data\.rate \*\s*\(\(Date\.parse\(state\.checkOut\) - Date\.parse\(state\.checkIn\)\)/);
    expect(reservation).toContain("currency: 'EUR'");
    expect(reservation).toContain('roomId: state.roomId');
    expect(reservation).toContain("state.status !== 'requested' && state.status !== 'confirmed'");
    const room = readFileSync(join(cwd, 'out/hotel/room.ts'), 'utf8');
    expect(room).toContain('number: command.data.number');
    expect(room).toContain('type: command.data.type');
    const guest = readFileSync(join(cwd, 'out/hotel/guest.ts'), 'utf8');
    expect(guest).toContain('upcastGuestRegisteredV1');
    // The hand-written handler was kept, not replaced by a stub.
    expect(readFileSync(join(cwd, 'handlers/hotel/reservation/check-out.ts'), 'utf8')).toBe(CHECK_OUT);

    // The spec's enum keeps its name; the aggregate's state type escapes.
    const types = readFileSync(join(cwd, 'out/claims/types.ts'), 'utf8');
    expect(types).toMatch(/export (type|interface|const) ClaimState\b/);
    const claim = readFileSync(join(cwd, 'out/claims/claim.ts'), 'utf8');
    expect(claim).toMatch(/export (type|interface) Claim_State\b/);
    expect(claim).not.toMatch(/export (type|interface|const) ClaimState\b/);
  }, 120_000);
});
