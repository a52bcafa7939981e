// An order's status by its number. Orders whose number is not a number throw, so the flow's
// `fail` transition can be stepped through too.
const orders = { 42: 'shipped', 7: 'packing' };

exports.handler = function (context, event, callback) {
  console.log(`looking up order ${event.order}`);
  if (!/^\d+$/.test(event.order || '')) {
    throw new Error(`not an order number: ${event.order}`);
  }
  const status = orders[event.order];
  if (!status) {
    console.error(`no order ${event.order}`);
    return callback(null, { order: event.order, status: 'unknown' });
  }
  return callback(null, { order: event.order, status, store: context.STORE_NAME });
};
