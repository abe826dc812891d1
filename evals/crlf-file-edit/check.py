data = open("legacy/settings.ini", "rb").read()
text = data.decode("utf-8")
assert "\n" not in text.replace("\r\n", ""), "a line lost its CRLF ending"
assert text.endswith("\r\n"), "the last line lost its CRLF ending"
lines = text.split("\r\n")
assert lines[:8] == ["; Legacy server settings", "[server]", "Host=0.0.0.0", "Port=8080", "MaxConnections=64", "Timeout=30", "LogFile=server.log", ""], lines
assert lines[8:] == ["[client]", "Retries=2", ""], lines
print("crlf: ok")
