const { loadConfig } = require('./config');

function retryPolicy(config = loadConfig()) {
  const http = config.http || {};
  return { baseUrl: http.baseUrl, attempts: http.retries ?? 3, delayMs: http.retryDelayMs ?? 250 };
}

module.exports = { retryPolicy };
