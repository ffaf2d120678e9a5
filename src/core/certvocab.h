/* certvocab.h - the centre's certificate codes (type and state) and the Chinese
 * names the branch shows, stores in its cache and prints. */
#ifndef CERTDESK_CERTVOCAB_H
#define CERTDESK_CERTVOCAB_H

/* The Chinese name for a code of the contract (organisation → 机构证书,
 * valid → 有效 …); any other value (already Chinese, or unknown) is returned
 * as it is. NULL gives NULL. The result is static or the argument. */
const char *cert_word_zh(const char *code);

#endif
