function formatReceipt(cart) {
  const lines = cart.items.map((i) => `${i.qty} x ${i.name} @ ${i.price.toFixed(2)}`);
  lines.push(`Total: ${cart.total().toFixed(2)}`);
  return lines.join('\n');
}

module.exports = { formatReceipt };
