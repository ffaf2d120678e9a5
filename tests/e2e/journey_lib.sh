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
