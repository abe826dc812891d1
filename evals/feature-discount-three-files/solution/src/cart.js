class Cart {
  constructor() {
    this.items = [];
  }

  add(name, price, qty = 1) {
    this.items.push({ name, price, qty });
    return this;
  }

  total(discountPercent = 0) {
    const sum = this.items.reduce((acc, i) => acc + i.price * i.qty, 0);
    return Math.round(sum * (1 - discountPercent / 100) * 100) / 100;
  }
}

module.exports = { Cart };
