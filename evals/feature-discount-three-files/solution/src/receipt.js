function formatReceipt(cart, discountPercent = 0) {
  const lines = cart.items.map((i) => `${i.qty} x ${i.name} @ ${i.price.toFixed(2)}`);
  if (discountPercent > 0) lines.push(`Discount: ${discountPercent}%`);
  lines.push(`Total: ${cart.total(discountPercent).toFixed(2)}`);
  return lines.join('\n');
}

module.exports = { formatReceipt };
