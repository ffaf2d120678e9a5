# journey_lib.sh - shared steps of the replacement-journey e2e tests (sourced
# after lib.sh): demo certificates in cert_cache, and getting to 录入信息.

# journey_seed_certs: certificates in the branch's certificate cache (what the
# central lookup would return), one of them held by another open application
# in none of the tests.
journey_seed_certs() {
	e2e_sql "INSERT INTO cert_cache (serial, holder, cert_type, valid_from, valid_to, status, org_name,
		org_doc_type, org_doc_no, person_name, person_id, fetched_at) VALUES
		('712C1B5A584A1BBE', '深圳市测试科技有限公司', '机构证书', '2025-03-01', '2027-03-01', '有效',
		 '深圳市测试科技有限公司', '统一社会信用代码证', '91350100M000100Y43', NULL, NULL, '2026-01-01T00:00:00+08:00'),
		('712C1B5A584A1BBF', '深圳市测试科技有限公司', '机构个人证书', '2025-03-01', '2027-03-01', '有效',
		 '深圳市测试科技有限公司', '统一社会信用代码证', '91350100M000100Y43', '李四', '110101198001010010',
		 '2026-01-01T00:00:00+08:00');" || e2e_fail "cannot seed cert_cache"
}

# journey_to_form: from the main menu through the agreements and the
# certificate choice to the first field of 录入信息.
journey_to_form() {
	e2e_wait_for '新建补办'
	e2e_type 1
	e2e_wait_for '电子认证服务协议'
	e2e_wait_for '敏感个人信息授权书'
	e2e_key End PageDown                # no consent, no next step
	e2e_wait_for '客户尚未同意协议'
	e2e_type y
	e2e_wait_for '区分大小写'
	e2e_type 712C1B5A584A1BBE
	e2e_key Enter
	e2e_wait_for '机构证书'
	e2e_wait_for '离线: 无法连接 CA 中心'    # no centre in these tests: the branch cache answers
	e2e_key Enter
	e2e_wait_for '■ 单位信息'
}

# journey_to_address: from the first field of 录入信息 past the prefilled unit
# fields and the 省市县 cascade (广东省 深圳市 福田区) to 单位地址, once the
# region is saved.
journey_to_address() {
	e2e_key Enter Enter Enter
	e2e_type '广东'; e2e_key Enter
	e2e_type '深圳'; e2e_key Enter
	e2e_type '福田'; e2e_key Enter
	e2e_wait_sql "SELECT org_region FROM applications" '440304'
}

# journey_fill_form: from the first field of 录入信息 (journey_to_form, the
# certificate 712C1B5A584A1BBE) every section typed as a clerk would: Chinese
# through send-keys -l, the 省市县 cascade, a resize while typing, the bank
# search, the one-key copy of the agent; ends on the last field, which moves
# on to 打印申请表.
journey_fill_form() {
	# 单位信息: name, document type and number come from the certificate
	e2e_wait_for '深圳市测试科技有限公司'
	e2e_key Enter                          # 机构名称 (prefilled)
	e2e_key Enter                          # 机构证件类型 (统一社会信用代码证)
	e2e_key Enter                          # 机构证件号码 (prefilled)
	e2e_wait_for '内蒙古自治区'            # the cascade lists the provinces
	e2e_type '广东'
	e2e_wait_for '▸ 广东省'
	e2e_key Enter
	e2e_wait_for '▸ 广州市'
	e2e_type '深圳'
	e2e_key Enter
	e2e_wait_for '▸ 罗湖区'
	e2e_type '南山'
	e2e_key Enter
	e2e_wait_for '广东省 深圳市 南山区'
	e2e_type '深圳市南山区科技'
	e2e_key Left Left                      # a resize while typing keeps the text and the cursor
	e2e_resize 100 30
	e2e_wait_re '深圳市南山区科技 *$'
	e2e_resize 80 24
	e2e_wait_for '■ 单位信息'
	e2e_type '园南路 18 号'
	e2e_key End
	e2e_type '科技'
	e2e_wait_for '深圳市南山区园南路 18 号科技'
	e2e_key C-u
	e2e_type '深圳市南山区科技园南路 18 号'
	e2e_key Enter
	e2e_wait_for '银行金融认证'
	e2e_key Enter                          # 认证方式
	# 法定代表人
	e2e_type '张三'; e2e_key Enter
	e2e_type '440305199003071236'; e2e_key Enter
	# 经办人信息
	e2e_type '王小明'; e2e_key Enter
	e2e_type '440306198512125564'; e2e_key Enter
	e2e_type '13800138000'; e2e_key Enter
	e2e_type 'wxm@example.com'; e2e_key Enter
	e2e_type '行政专员'; e2e_key Enter
	# 申请人信息: the same person as the agent, one key
	e2e_wait_for '按 F3'
	e2e_key F3
	e2e_wait_for '已复制'
	e2e_key Enter Enter Enter Enter
	# 金融认证信息: 基本户名称 prefilled from 机构名称
	e2e_wait_for '基本户名称'
	e2e_key Enter
	e2e_type '工商'
	e2e_wait_for '中国工商银行'
	e2e_key Enter
	e2e_type '6222021234567890123'; e2e_key Enter
	e2e_type '6222021234567890123'; e2e_key Enter
	# 邮寄信息: prefilled from the unit address
	e2e_key Enter Enter
	e2e_type '518057'; e2e_key Enter
	# 电子发票信息
	e2e_key Enter                          # 电子发票
	e2e_key Enter                          # 发票抬头 (prefilled)
	e2e_key Enter                          # 纳税人识别号 (prefilled), last field: next step
}
