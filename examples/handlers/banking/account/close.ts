// The hand-written decide function of `Close` (Account, domain "banking").
// Orchestrix created this file once and never overwrites it; the generated code imports it, so
// the type checker holds it to the CloseHandler signature.
import { DomainError } from 'orchestrix/runtime';
import type { CloseHandler } from '../../../generated/banking/account.js';

/**
 * An account can be closed only when it is open and its balance is zero: the money must be
 * withdrawn first. Closing records the time from the handler clock.
 */
export const decideClose: CloseHandler = (state, _command, context) => {
  if (state.status !== 'open') throw new DomainError('NotOpen', 'Only an open account can be closed', 'Close');
  if (state.balance !== 0) {
    throw new DomainError('BalanceNotZero', 'Withdraw the balance before closing the account', 'Close');
  }
  return [{ type: 'AccountClosed', data: { closedAt: context.now } }];
};
