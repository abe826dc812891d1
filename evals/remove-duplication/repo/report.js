function invoiceLine(item) {
  const cents = Math.round(item.amount * 100);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${item.name}: ${sign}$${whole}.${String(abs % 100).padStart(2, '0')}`;
}

function refundLine(item) {
  const cents = Math.round(-item.amount * 100);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `Refund ${item.name}: ${sign}$${whole}.${String(abs % 100).padStart(2, '0')}`;
}

function totalLine(items) {
  const cents = Math.round(items.reduce((a, i) => a + i.amount, 0) * 100);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `Total: ${sign}$${whole}.${String(abs % 100).padStart(2, '0')}`;
}

module.exports = { invoiceLine, refundLine, totalLine };
