#!/bin/sh
# make-samples.sh - draw the sample scans in data/samples/ with ImageMagick:
# a signed-and-stamped application form and a stamped business licence,
# every one marked 样例 (specimen). All names, numbers and seals are made up.
# Usage: sh tools/make-samples.sh [OUTDIR]   (default data/samples)
set -eu
out=${1:-data/samples}
mkdir -p "$out"
sans=Noto-Sans-CJK-SC
serif=Noto-Serif-CJK-SC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A red round seal: ring, star, the organisation around a horizontal line.
seal() { # file name-text
	convert -size 300x300 xc:none -fill none -stroke '#d01818' -strokewidth 9 \
		-draw 'circle 150,150 150,12' \
		-fill '#d01818' -stroke none \
		-draw 'polygon 150,95 162,131 200,131 169,153 181,189 150,167 119,189 131,153 100,131 138,131' \
		-font "$sans" -pointsize 23 -gravity center -annotate +0-72 "$2" \
		-pointsize 26 -annotate +0+85 '样例专用章' \
		-channel A -evaluate multiply 0.85 +channel "$1"
}
seal "$tmp/seal.png" '示例科技有限公司'

# 数字证书申请表, A4 at 150 dpi, signed and stamped, slightly skewed like a scan.
convert -size 1240x1754 xc:'#fbfaf6' \
	-font "$serif" -fill '#111' -pointsize 44 -gravity north -annotate +0+90 '数字证书申请表' \
	-gravity northwest -font "$sans" -pointsize 24 \
	-annotate +110+180 '申请单号: 261125000100000427        业务类型: 遗失补办申请' \
	-stroke '#222' -strokewidth 2 -fill none \
	-draw 'rectangle 100,230 1140,1560' \
	-draw 'line 100,300 1140,300' -draw 'line 100,370 1140,370' -draw 'line 100,440 1140,440' \
	-draw 'line 100,510 1140,510' -draw 'line 100,580 1140,580' -draw 'line 100,650 1140,650' \
	-draw 'line 100,720 1140,720' -draw 'line 100,1120 1140,1120' -draw 'line 330,230 330,720' \
	-stroke none -fill '#111' \
	-annotate +120+250 '证书类型' -annotate +350+250 '机构证书' \
	-annotate +120+320 '单位名称' -annotate +350+320 '示例科技有限公司 (样例)' \
	-annotate +120+390 '证件号码' -annotate +350+390 '91440300MA5EXAMPLE (样例, 非真实号码)' \
	-annotate +120+460 '经办人' -annotate +350+460 '张三  440301********1234  138****1234' \
	-annotate +120+530 '申请人' -annotate +350+530 '张三' \
	-annotate +120+600 '补办费用' -annotate +350+600 '0.00 元' \
	-annotate +120+670 '邮寄地址' -annotate +350+670 '广东省深圳市福田区示例路 1 号' \
	-pointsize 28 -annotate +120+740 '法定代表人授权委托及单位声明' \
	-pointsize 21 \
	-annotate +120+800 '兹授权经办人 张三 代表本单位办理数字证书遗失补办业务, 本单位对所提交' \
	-annotate +120+835 '资料的真实性负责, 并承担由此产生的一切法律责任。' \
	-annotate +120+890 '法定代表人: 李四    身份证号码: 440301********5678' \
	-annotate +120+1150 '经办人手写签名:' -annotate +620+1150 '单位公章:' \
	-annotate +120+1480 '申请日期: 2026 年 11 月 25 日' \
	-stroke '#1a2a6c' -strokewidth 4 -fill none \
	-draw 'bezier 330,1230 360,1170 390,1290 420,1200 450,1150 470,1280 520,1210' \
	-draw 'bezier 500,1240 530,1190 560,1260 600,1215' \
	-stroke none -fill '#1a2a6c' -font "$serif" -pointsize 64 -annotate -8x-8+360+1260 '张三' \
	"$tmp/seal.png" -gravity northwest -geometry +720+1180 -composite \
	-stroke none -font "$sans" -pointsize 150 -fill 'rgba(200,0,0,0.10)' -gravity center -annotate 30x30+0+0 '样例 SAMPLE' \
	-background '#f2f0ea' -rotate 0.6 -gravity center -crop 1240x1754+0+0 +repage \
	-seed 20261125 -attenuate 0.4 +noise Gaussian -quality 82 -sampling-factor 2x2 \
	"$out/申请表扫描件-样例.jpg"

# 营业执照, landscape, stamped.
convert -size 1600x1130 xc:'#fdfbf3' \
	-stroke '#b8862b' -strokewidth 14 -fill none -draw 'rectangle 40,40 1560,1090' \
	-strokewidth 3 -draw 'rectangle 70,70 1530,1060' -stroke none \
	-font "$serif" -fill '#b01010' -pointsize 84 -gravity north -annotate +0+120 '营 业 执 照' \
	-fill '#111' -font "$sans" -pointsize 26 -annotate +0+240 '(副 本)   样例 - 非真实证照' \
	-gravity northwest -pointsize 30 \
	-annotate +170+330 '统一社会信用代码  91440300MA5EXAMPLE' \
	-annotate +170+410 '名　　称  示例科技有限公司' \
	-annotate +170+470 '类　　型  有限责任公司' \
	-annotate +170+530 '法定代表人  李四' \
	-annotate +170+590 '经营范围  计算机软件开发; 信息技术咨询 (样例)' \
	-annotate +170+650 '注册资本  人民币壹佰万元' \
	-annotate +170+710 '成立日期  2020 年 01 月 01 日' \
	-annotate +170+770 '住　　所  广东省深圳市福田区示例路 1 号' \
	-annotate +1020+930 '登记机关 (样例)' -annotate +1020+980 '2026 年 11 月 25 日' \
	"$tmp/seal.png" -geometry +1080+700 -composite \
	-stroke none -font "$sans" -pointsize 170 -fill 'rgba(200,0,0,0.10)' -gravity center -annotate 20x20+0+0 '样例 SAMPLE' \
	-seed 20261126 -attenuate 0.3 +noise Gaussian -quality 82 -sampling-factor 2x2 \
	"$out/营业执照扫描件-样例.jpg"

# The same licence as a small GIF and the form as a 256-grey palette BMP, for the
# other accepted types (the BMP stays under 2 MB at this size).
convert "$out/营业执照扫描件-样例.jpg" -resize 800x -colors 64 "$out/营业执照扫描件-样例.gif"
convert "$out/申请表扫描件-样例.jpg" -resize 620x -colorspace Gray -colors 256 -type Palette BMP3:"$out/申请表扫描件-样例.bmp"
# A refusal to try: PNG content behind a .jpg name.
convert "$out/营业执照扫描件-样例.jpg" -resize 400x -define png:exclude-chunk=date,time PNG:"$out/错误示例-内容是PNG.jpg"
