function money(amount) {
  const cents = Math.round(amount * 100);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${whole}.${String(abs % 100).padStart(2, '0')}`;
}

function invoiceLine(item) {
  return `${item.name}: ${money(item.amount)}`;
}

function refundLine(item) {
  return `Refund ${item.name}: ${money(-item.amount)}`;
}

function totalLine(items) {
  return `Total: ${money(items.reduce((a, i) => a + i.amount, 0))}`;
}

module.exports = { invoiceLine, refundLine, totalLine };
