const { Cart } = require('./cart');
const { formatReceipt } = require('./receipt');

function main(argv) {
  const cart = new Cart().add('apple', 0.5, 4).add('bread', 2.25);
  return formatReceipt(cart);
}

if (require.main === module) console.log(main(process.argv.slice(2)));

module.exports = { main };
