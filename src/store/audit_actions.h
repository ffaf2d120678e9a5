/* audit_actions.h - the vocabulary of the audit trail (audit_log.action),
 * below both its writer (store_audit, store/store.h) and its readers
 * (store/audit.h: verification, `certdesk audit show`). Knows no database. */
#ifndef CERTDESK_AUDIT_ACTIONS_H
#define CERTDESK_AUDIT_ACTIONS_H

#include <stdbool.h>

/* The vocabulary of audit_log.action: code, Chinese name, what object and
 * detail hold. Every store_audit() caller uses one of these; a new kind of
 * event gets a row here and a line in certdesk-security(7). */
#define AUDIT_ACTIONS(X)                                                                          \
	X(AUDIT_LOGIN_OK, "login.ok", "登录成功", "登录名", "")                                  \
	X(AUDIT_LOGIN_FAIL, "login.fail", "登录失败", "输入的登录名",                         \
	  "密码错误时为空; 无此操作员时为 no such operator")                                  \
	X(AUDIT_LOGIN_LOCKED, "login.locked", "已锁定的操作员试图登录", "登录名", "")           \
	X(AUDIT_OPERATOR_ADD, "operator.add", "新增操作员", "登录名", "角色 (clerk/supervisor/admin)") \
	X(AUDIT_OPERATOR_PASSWD, "operator.passwd", "重设密码", "登录名", "")                   \
	X(AUDIT_OPERATOR_LOCK, "operator.lock", "锁定操作员", "登录名",                         \
	  "管理员锁定时为空; 连续输错密码时为 too many failed logins")                        \
	X(AUDIT_OPERATOR_UNLOCK, "operator.unlock", "解锁操作员", "登录名",                     \
	  "管理员解锁时为空; 锁定到期时为 lockout expired")                                    \
	X(AUDIT_APP_STATUS, "app.status", "申请状态变更", "app:申请行号",                      \
	  "原状态 -> 新状态[: 原因] (状态代码见 certdesk(1))")                                \
	X(AUDIT_APP_UNMASK, "app.unmask", "显示完整信息", "app:申请行号",                       \
	  "显示了哪些字段 (列名, 逗号分隔; 值本身不记录)")                                   \
	X(AUDIT_APP_NOTE, "app.note", "中心通知 (PIN 下发、发票、吊销)", "申请单号", "通知内容") \
	X(AUDIT_APP_PRINT, "app.print", "打印申请表", "申请单号", "打印机或保存位置")          \
	X(AUDIT_APP_REPRINT, "app.reprint", "重打申请表", "申请单号", "第几次, 打印机, 是否已改动") \
	X(AUDIT_ATTACH_ADD, "attach.add", "上传资料", "app:申请行号", "资料种类, 大小, SHA-256") \
	X(AUDIT_REVIEW_CLAIM, "review.claim", "认领待审核申请", "app:申请行号", "是否接手他人认领") \
	X(AUDIT_REVIEW_RELEASE, "review.release", "放弃认领", "app:申请行号", "")               \
	X(AUDIT_REVIEW_RETURN_FIELDS, "review.return_fields", "退回时标记的字段", "app:申请行号", \
	  "字段列名, 逗号分隔")                                                                \
	X(AUDIT_EXPORT_XLSX, "export.xlsx", "导出业务单", "文件名", "筛选条件与行数")            \
	X(AUDIT_IMPORT_BANKS, "import.banks", "导入联行号目录", "文件", "")                     \
	X(AUDIT_IMPORT_DIVISIONS, "import.divisions", "导入行政区划", "文件", "")               \
	X(AUDIT_IMPORT_HOLIDAYS, "import.holidays", "导入节假日安排", "文件",                   \
	  "每年: 放假天数, 调休上班天数")                                                      \
	X(AUDIT_OPERATOR_PASSWD_SELF, "operator.passwd.self", "操作员自己修改密码", "登录名", "") \
	X(AUDIT_SESSION_LOGOUT, "session.logout", "注销", "登录名", "")                         \
	X(AUDIT_SCREEN_LOCK, "screen.lock", "空闲锁屏", "登录名", "")                           \
	X(AUDIT_SCREEN_UNLOCK, "screen.unlock", "解除锁屏", "登录名", "")                       \
	X(AUDIT_SYNC_REFUSED, "sync.refused", "中心拒收 (4xx)", "申请单号", "中心的原因")        \
	X(AUDIT_SYNC_ERROR, "sync.error", "同步失败 (与上次不同的错误)", "", "错误说明")          \
	X(AUDIT_SYNC_RECOVERED, "sync.recovered", "同步恢复正常", "", "")                       \
	X(AUDIT_SYNC_FEED_UNKNOWN, "sync.feed_unknown", "中心动态无法对应本网点申请", "申请单号", \
	  "事件内容")                                                                          \
	X(AUDIT_APP_IDV, "app.idv", "经办人身份核验", "app:申请行号",                           \
	  "method=qr|in_person status=pending|passed|failed|expired")                          \
	X(AUDIT_APP_PAY, "app.pay", "支付状态", "app:申请行号",                                 \
	  "method= status= order= fee= (分)")                                                   \
	X(AUDIT_BACKUP_MAKE, "backup.make", "备份", "备份目录", "申请笔数, 审计记录条数, 申请表份数") \
	X(AUDIT_BACKUP_RESTORE, "backup.restore", "从备份恢复", "备份目录",                     \
	  "申请笔数, 审计记录条数, 申请表份数, 改名保留的文件数")                              \
	X(AUDIT_ACCESS_REFUSED, "access.refused", "拒绝越权操作", "命令", "Unix 账户与所缺权限")

enum audit_action {
#define AUDIT_X_ENUM(e, code, zh, object, detail) e,
	AUDIT_ACTIONS(AUDIT_X_ENUM)
#undef AUDIT_X_ENUM
	AUDIT__COUNT
};

const char *audit_action_code(enum audit_action a);
const char *audit_action_name(enum audit_action a);    /* 中文 */
int audit_action_parse(const char *code);              /* -1 when not in the vocabulary */
/* Is PATTERN an action code or a group ("login" for login.*)? */
bool audit_action_pattern_ok(const char *pattern);

#endif
