/*
 * The words that end a product noun, in Chinese and English. A product noun in a merchant's message is one of
 * these heads with the modifiers written before it (电热水壶, 蛋糕模具, "water bottle"); the tables stay
 * general (what shops sell), never a list of the phrases of any one message.
 */

/** Chinese heads, longest first where one contains another. */
export const ZH_ITEM_HEADS = [
  // Drinkware and kitchen.
  '杯子', '杯', '壶', '锅', '碗', '盘子', '盘', '碟子', '碟', '勺子', '勺', '筷子', '刀具', '菜刀', '剪刀', '砧板', '菜板', '模具', '饭盒', '保鲜盒', '餐具',
  '破壁机', '咖啡机', '豆浆机', '榨汁机', '料理机', '电饭煲', '炖锅', '烤箱', '微波炉', '电磁炉', '空气炸锅', '煲',
  // Electronics.
  '耳机', '手机壳', '手机膜', '手机', '平板', '电脑', '笔记本', '键盘', '鼠标', '显示器', '音箱', '音响', '充电宝', '充电器', '充电头', '数据线', '充电线', '插线板', '插座', '排插', '路由器', '摄像头', '手表', '手环', '电池', '灯泡', '台灯', '灯', '风扇', '吹风机', '电吹风', '加湿器', '净化器', '吸尘器', '扫地机', '剃须刀', '牙刷', '电视', '冰箱', '洗衣机', '空调', '热水器', '遥控车', '相机', '镜头', '投影仪', '机',
  // Clothes and shoes.
  '羽绒服', '衣服', '西服', '运动服', '工作服', '校服', '礼服', '外套', '大衣', '夹克', '卫衣', '毛衣', '衬衫', 'T恤', '恤', '上衣', '裤子', '牛仔裤', '短裤', '裙子', '连衣裙', '裙', '内衣', '睡衣', '袜子', '鞋子', '鞋', '靴子', '靴', '帽子', '围巾', '手套', '腰带', '皮带', '衫', '裤',
  // Home.
  '床单', '被套', '被子', '枕头', '枕套', '毯子', '毛毯', '地毯', '垫子', '坐垫', '抱枕', '毛巾', '浴巾', '窗帘', '椅子', '凳子', '桌子', '柜子', '书架', '架子', '镜子', '花瓶', '相框', '收纳箱', '收纳盒', '行李箱', '拉杆箱', '雨伞', '伞', '纸巾', '卷纸', '湿巾', '衣架', '拖把', '垃圾桶', '水桶', '瓶子', '水瓶', '玻璃瓶',
  // Bags, accessories, toys, others.
  '书包', '背包', '双肩包', '钱包', '手提包', '包包', '眼镜', '墨镜', '项链', '手链', '耳环', '戒指', '发夹', '玩具', '积木', '娃娃', '公仔', '球拍', '篮球', '足球', '瑜伽垫', '自行车', '头盔', '文具', '钢笔', '笔', '本子', '书',
  '口红', '面膜', '香水', '洗发水', '沐浴露', '护肤品', '化妆品', '奶粉', '尿不湿', '茶叶', '零食', '饼干', '蛋糕',
] as const;

/** Nouns that name a part of a product or its packaging, never the product asked about. */
export const ZH_NOT_ITEMS = /^(?:遥控器|螺丝|零件|配件|灯罩|盖子|杯盖|吸管|说明书|包装|包裹|快递|箱子|纸箱|外箱|盒子|包装盒|东西|货|商品|产品|宝贝|订单|手机号|机器人|机会|客服|飞机|司机|机场|时机)$/;

/** English product nouns (singular; a plural s/es is read too). */
export const EN_ITEM_HEADS = [
  'mug', 'cup', 'glass', 'tumbler', 'bottle', 'flask', 'kettle', 'teapot', 'pot', 'pan', 'wok', 'plate', 'bowl', 'dish', 'spoon', 'fork', 'knife', 'knives',
  'blender', 'toaster', 'kettle', 'coffee maker', 'coffee machine', 'rice cooker', 'air fryer', 'microwave', 'oven', 'mixer', 'juicer',
  'headphone', 'headphones', 'earphones', 'earbuds', 'headset', 'phone case', 'phone', 'tablet', 'laptop', 'keyboard', 'mouse', 'monitor', 'speaker',
  'charger', 'power bank', 'cable', 'adapter', 'power strip', 'router', 'camera', 'watch', 'smartwatch', 'battery', 'batteries', 'bulb', 'lamp',
  'fan', 'hair dryer', 'hairdryer', 'dryer', 'humidifier', 'purifier', 'vacuum', 'shaver', 'razor', 'toothbrush', 'tv', 'fridge', 'heater', 'printer', 'projector',
  'jacket', 'coat', 'shirt', 't-shirt', 'tee', 'sweater', 'hoodie', 'dress', 'skirt', 'jeans', 'pants', 'trousers', 'shorts', 'socks', 'shoes', 'shoe',
  'sneakers', 'boots', 'sandals', 'slippers', 'hat', 'cap', 'scarf', 'gloves', 'belt',
  'sheet', 'sheets', 'duvet', 'pillow', 'pillowcase', 'blanket', 'rug', 'carpet', 'mat', 'cushion', 'towel', 'curtain', 'curtains', 'chair', 'stool',
  'table', 'desk', 'shelf', 'cabinet', 'mirror', 'vase', 'frame', 'suitcase', 'umbrella', 'tissues', 'hanger', 'bin', 'jar', 'container', 'lunch box',
  'backpack', 'bag', 'handbag', 'wallet', 'purse', 'glasses', 'sunglasses', 'necklace', 'bracelet', 'earrings', 'ring', 'toy', 'doll', 'puzzle', 'lego',
  'screen protector', 'protector', 'cover', 'holder', 'organizer', 'rack', 'racket', 'ball', 'bike', 'bicycle', 'helmet', 'pen', 'notebook', 'book', 'lipstick', 'perfume', 'shampoo', 'candle', 'teacups', 'teacup', 'saucer',
] as const;

/** English nouns that are parts, packaging or the order itself. */
export const EN_NOT_ITEMS = /^(?:box|boxes|package|parcel|packaging|lid|lids|screw|screws|part|parts|manual|remote|item|items|thing|things|stuff|order|goods|product|products)$/;

/** Colour and size words that merchants put before a noun; the slot keeps the noun without them. */
export const ZH_DESCRIPTORS = /^(?:(?:[红橙黄绿青蓝紫黑白灰粉棕金银米卡其咖深浅亮藏酒玫][红橙黄绿青蓝紫黑白灰粉棕色]?色?的?)|大号的?|小号的?|中号的?|新的?|旧的?|那个|这个|那款|这款|那件|这件)+/;
export const EN_DESCRIPTORS =
  /^(?:(?:red|orange|yellow|green|blue|purple|black|white|grey|gray|pink|brown|silver|gold|beige|navy|dark|light|new|large|small|medium|big|little|xl|xxl|l|m|s)\s+)+/;
