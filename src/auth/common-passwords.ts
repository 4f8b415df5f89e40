// The most common passwords of 8+ characters from public breach corpora (shorter ones fail the length
// rule anyway). Checked case-insensitively at registration and password change.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '12345678', '123456789', '1234567890', '12345678910', '11111111', '00000000', '88888888', '87654321',
  '11223344', '12341234', '12344321', '11112222', '147258369', '123123123', '987654321', '123321123',
  '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx', 'qwertyui', 'qwertyuiop', 'qwerty123', 'qwerty12', 'qwe123qwe',
  'asdfghjk', 'asdfghjkl', 'zxcvbnm1', 'zxcvbnm123', 'q1w2e3r4', 'q1w2e3r4t5', 'qazwsxedc', 'a1b2c3d4',
  'password', 'password1', 'password12', 'password123', 'password!', 'passw0rd', 'p@ssw0rd', 'p@ssword',
  'pa55word', 'passpass', 'iloveyou', 'iloveyou1', 'iloveyou2', 'sunshine', 'sunshine1', 'princess',
  'princess1', 'football', 'football1', 'baseball', 'basketball', 'superman', 'batman123', 'starwars',
  'whatever', 'trustno1', 'welcome1', 'welcome123', 'letmein1', 'letmein123', 'monkey123', 'dragon123',
  'master123', 'shadow123', 'michael1', 'jennifer', 'jordan23', 'charlie1', 'computer', 'internet',
  'changeme', 'changeme1', 'administrator', 'admin123', 'admin1234', 'adminadmin', 'rootroot',
  'abcd1234', 'abc12345', 'abcdefgh', 'abcdefg1', 'aa123456', 'a1234567', 'a12345678', 'zaq12wsx',
  'loveyou1', 'lovelove', 'mustang1', 'samantha', 'jessica1', 'maggie123', 'chocolate', 'butterfly',
  'liverpool', 'chelsea1', 'arsenal1', 'manchester', 'mercedes', 'ferrari1', 'corvette', 'michelle',
  'nicole123', 'daniel123', 'killer123', 'hello123', 'hellohello', 'freedom1', 'blink182', 'pokemon1',
  'minecraft', 'fortnite', 'secret123', 'qwerty1234', 'test1234', 'testtest', 'testing123', 'default1',
  'guest123', 'user1234', 'login123', 'access14', 'matrix123', 'spiderman', 'pass1234', 'folio123',
  'customer', 'customers', 'crm12345',
]);

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}
