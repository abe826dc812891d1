class Cart {
  constructor() {
    this.items = [];
  }

  add(name, price, qty = 1) {
    this.items.push({ name, price, qty });
    return this;
  }

  total() {
    const sum = this.items.reduce((acc, i) => acc + i.price * i.qty, 0);
    return Math.round(sum * 100) / 100;
  }
}

module.exports = { Cart };
