// The hand-written projection of `OrderPlaced` into `CustomerOrders` rows (domain "ecommerce").
// Orchestrix created this file once and never overwrites it; the generated code imports it, so
// the type checker holds it to the CustomerOrdersOnOrderPlaced signature.
import type { CustomerOrdersOnOrderPlaced } from '../../../generated/ecommerce/read-models.js';

/**
 * Counts the order, adds its total to what the customer spent, and adds up the quantities of all
 * its lines (the sum over a list is what the expression language cannot say).
 */
export const customerOrdersOnOrderPlaced: CustomerOrdersOnOrderPlaced = (row, event, key) => {
  const items = event.data.lines.reduce((sum, line) => sum + line.quantity, 0);
  const current = row ?? { customerId: key, orders: 0, spent: 0, itemsOrdered: 0 };
  return {
    ...current,
    orders: current.orders + 1,
    spent: current.spent + event.data.total,
    itemsOrdered: current.itemsOrdered + items,
    lastOrderAt: event.time,
  };
};
