const { loadConfig } = require('./config');

function retryPolicy(config = loadConfig()) {
  return { baseUrl: config.http.baseUrl, attempts: 5, delayMs: 100 };
}

module.exports = { retryPolicy };
