// Integration tests talk to real services: give them room (jest's project config has no testTimeout).
jest.setTimeout(120_000);
