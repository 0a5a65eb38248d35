"""Content of the demo archive created by `manage.py load_demo`.

Titles and links of real papers, summaries written for Digest.
"""

DEMO_ISSUES = [
    {
        "year": 2020,
        "week": 45,
        "intro": (
            "以下是我在 2020 年第 45 周读到的论文和文章中特别有意思的几篇。我尽量挑选了最新的内容，"
            "不过论文的提交日期未必都落在这一周。"
        ),
        "source_url": "",
        "entries": [
            {
                "section": "papers",
                "headline": "把图像切成 16×16 的小块，直接交给 Transformer",
                "original_title": (
                    "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale"
                ),
                "source_url": "https://arxiv.org/abs/2010.11929",
                "summary": (
                    "Vision Transformer（ViT）几乎不改动 Transformer 本身，"
                    "只是把图像切成固定大小的小块，线性投影并加上位置编码后，作为序列送入标准的 "
                    "Transformer 编码器做分类。在 ImageNet 这种中等规模的数据上，它的表现不如 "
                    "ResNet；但在 JFT-300M 等大规模数据上预训练之后，"
                    "它在多个图像分类基准上达到甚至超过了最好的 CNN，而且预训练所需的计算量更少。"
                ),
                "tags": ["Transformer", "计算机视觉"],
                "image": True,
                "image_alt": "ViT 的结构示意：图像块嵌入、位置编码与 Transformer 编码器",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "图像、视频和数学题也遵循同样的缩放定律",
                "original_title": "Scaling Laws for Autoregressive Generative Modeling",
                "source_url": "https://arxiv.org/abs/2010.14701",
                "summary": (
                    "OpenAI 在图像、视频、图文多模态和数学题四个领域训练了不同规模的自回归 "
                    "Transformer，发现损失随模型规模和计算量的变化都可以用**幂律加常数**很好地拟"
                    "合。常数项可以看作数据本身的熵，幂律部分则对应模型分布与真实分布之间的 KL "
                    "散度。据此还能估算出在给定计算预算下最合适的模型大小。"
                ),
                "tags": ["Transformer", "生成模型", "多模态"],
                "image": True,
                "image_alt": "四个领域中损失随计算量变化的幂律曲线",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "无监督学到的图像表示同样带有社会偏见",
                "original_title": (
                    "Image Representations Learned With Unsupervised Pre-Training Contain "
                    "Human-like Biases"
                ),
                "source_url": "https://arxiv.org/abs/2010.15052",
                "summary": (
                    "作者把自然语言处理中常用的词嵌入联想测试（WEAT）推广到图像，提出 iEAT，"
                    "用来检验 iGPT 和 SimCLRv2 在 ImageNet 上无监督预训练得到的表示。结果发现，"
                    "这些表示中存在与种族、性别等相关的刻板联想，"
                    "而且与社会心理学研究中记录的人类偏见相当吻合。也就是说，即使完全不用人工标签，"
                    "模型也会从网络图片的分布中继承偏见。"
                ),
                "tags": ["AI 伦理", "自监督学习", "计算机视觉"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "网络过宽或过深时，隐藏层会出现“块结构”",
                "original_title": (
                    "Do Wide and Deep Networks Learn the Same Things? Uncovering How Neural "
                    "Network Representations Vary with Width and Depth"
                ),
                "source_url": "https://arxiv.org/abs/2010.15327",
                "summary": (
                    "这项研究用 CKA（centered kernel alignment）比较不同宽度和深度的 ResNet "
                    "的隐藏表示。当模型相对于训练数据足够大时，许多相邻层的表示会变得高度相似，"
                    "形成“块结构”，它主要由少数几个主成分承载。用不同随机种子训练的大模型之间，"
                    "块结构内部的表示并不一致，而块结构以外的层则彼此相似。"
                ),
                "tags": ["可解释性", "泛化", "计算机视觉"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "把 StyleGAN 当作多视角数据生成器来训练三维重建",
                "original_title": (
                    "Image GANs meet Differentiable Rendering for Inverse Graphics and "
                    "Interpretable 3D Neural Rendering"
                ),
                "source_url": "https://arxiv.org/abs/2010.09125",
                "summary": (
                    "作者注意到 StyleGAN 潜在代码的前几层大致控制着相机视角，"
                    "因此只需人工标注少量样本的视角，就能用它生成同一物体的多视角图像。"
                    "这些合成数据被用来训练基于可微渲染的逆图形网络，从单张照片推断三维形状和纹理；"
                    "反过来，三维模型又能把 StyleGAN 的潜在代码拆分成视角、形状、"
                    "纹理等可解释的因素。"
                ),
                "tags": ["GAN", "3D", "计算机视觉"],
                "image": True,
                "image_alt": "从单张汽车照片重建的三维网格及其多视角渲染",
                "card": None,
            },
            {
                "section": "articles",
                "headline": "开放域问答系统的全景式综述",
                "original_title": "How to Build an Open-Domain Question Answering System?",
                "source_url": "https://lilianweng.github.io/lil-log/2020/10/29/open-domain-question-answering.html",
                "summary": (
                    "一篇系统梳理开放域问答的长文。作者把现有方法分为**检索器-阅读器**、"
                    "检索器-生成器，以及不依赖外部知识、直接由大型语言模型作答的闭卷问答三类，"
                    "并逐一介绍了 DPR、REALM、RAG 等代表性模型。文末附有常用问答数据集的列表，"
                    "很适合当作入门索引。"
                ),
                "tags": ["自然语言处理", "语言模型", "检索"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://lilianweng.github.io/lil-log/2020/10/29/open-domain-question-answering.html",
                    "title": "How to Build an Open-Domain Question Answering System?",
                    "description": (
                        "An overview of retriever-reader, retriever-generator and closed-book "
                        "approaches to open-domain question answering."
                    ),
                    "site": "lilianweng.github.io",
                },
            },
            {
                "section": "use-cases",
                "headline": "用老地图、老照片和众包重建历史街景",
                "original_title": (
                    "Recreating Historical Streetscapes Using Deep Learning and Crowdsourcing"
                ),
                "source_url": "https://ai.googleblog.com/2020/10/recreating-historical-streetscapes.html",
                "summary": (
                    "Google 介绍了一个开源的众包平台："
                    "志愿者在网页上把历史地图矢量化并标注建筑信息，系统再结合老照片，"
                    "用深度学习推断建筑的立面和高度，自动生成城市的三维模型。"
                    "最终目标是让人们可以沿着时间轴，在过去的街道上“漫步”。"
                ),
                "tags": ["计算机视觉", "3D"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://ai.googleblog.com/2020/10/recreating-historical-streetscapes.html",
                    "title": (
                        "Recreating Historical Streetscapes Using Deep Learning and Crowdsourcing"
                    ),
                    "description": (
                        "An open-source, crowdsourced system for rebuilding cities of the past in "
                        "3D from historical maps and photographs."
                    ),
                    "site": "ai.googleblog.com",
                },
            },
            {
                "section": "other",
                "headline": "PyTorch 1.7 发布：支持 CUDA 11，新增 torch.fft 模块",
                "original_title": (
                    "PyTorch 1.7 released w/ CUDA 11, New APIs for FFTs, Windows support for "
                    "Distributed training and more"
                ),
                "source_url": "https://pytorch.org/blog/pytorch-1.7-released/",
                "summary": (
                    "PyTorch 1.7 正式发布。官方二进制包开始支持 CUDA 11，新增了与 NumPy 兼容的 "
                    "`torch.fft` 模块，Windows 上也可以（以原型功能的形式）进行分布式训练。"
                    "torchvision 的图像变换现在可以直接作用于张量，支持批处理、GPU 和 TorchScript。"
                ),
                "tags": ["PyTorch", "深度学习框架"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://pytorch.org/blog/pytorch-1.7-released/",
                    "title": (
                        "PyTorch 1.7 released w/ CUDA 11, New APIs for FFTs, Windows support for "
                        "Distributed training and more"
                    ),
                    "description": (
                        "The 1.7 release brings CUDA 11 binaries, a NumPy-compatible FFT module "
                        "and updated domain libraries."
                    ),
                    "site": "pytorch.org",
                },
            },
        ],
        "picks": [
            (0, "Transformer 正式进军图像分类"),
            (1, ""),
            (7, ""),
        ],
    },
    {
        "year": 2020,
        "week": 46,
        "intro": (
            "以下是我在 2020 年第 46 周读到的一些我觉得值得一读的论文和文章。"
            "本期有好几篇都在讨论模型在真实场景中是否可靠。"
        ),
        "source_url": "",
        "entries": [
            {
                "section": "papers",
                "headline": "为高效 Transformer 建立统一的长序列基准",
                "original_title": "Long Range Arena: A Benchmark for Efficient Transformers",
                "source_url": "https://arxiv.org/abs/2011.04006",
                "summary": (
                    "各种“高效 Transformer”通常在不同的任务和设置下评测，很难直接比较。"
                    "这项研究提出了 Long Range Arena，包含长文本分类、文档检索、"
                    "像素序列上的图像分类以及长达 16K 的 Path-X 等任务。"
                    "作者在同一套设置下比较了十余种模型，发现没有哪一种能在所有任务上占优，"
                    "并同时报告了各模型的速度和内存占用。"
                ),
                "tags": ["Transformer", "数据集", "高效计算"],
                "image": True,
                "image_alt": "各模型在准确率、速度与内存占用上的比较气泡图",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "测试集表现相同的模型，部署后可能截然不同",
                "original_title": (
                    "Underspecification Presents Challenges for Credibility in Modern Machine "
                    "Learning"
                ),
                "source_url": "https://arxiv.org/abs/2011.03395",
                "summary": (
                    "Google 的一个大型研究团队指出，现代机器学习流程普遍存在**欠定（"
                    "underspecification）**问题：同一个训练流程只要改变随机种子等细节，"
                    "就会得到一组在独立同分布测试集上表现几乎相同、在分布偏移下却差别很大的模型。"
                    "论文在计算机视觉、医学影像、自然语言处理和电子病历预测等案例中都观察到了这一现"
                    "象，并建议在部署前针对具体应用做压力测试。"
                ),
                "tags": ["泛化", "医疗", "自然语言处理"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "在傅里叶空间中学习偏微分方程的解算子",
                "original_title": (
                    "Fourier Neural Operator for Parametric Partial Differential Equations"
                ),
                "source_url": "https://arxiv.org/abs/2010.08895",
                "summary": (
                    "傅里叶神经算子（FNO）的每一层先对输入函数做快速傅里叶变换，"
                    "在频域中对截断后的低频模式做线性变换，再变换回原空间。"
                    "由于学习的是函数到函数的映射，模型与离散化的分辨率无关，可以在低分辨率上训练、"
                    "在高分辨率上推断。在 Navier-Stokes 等方程上，它比以往的神经网络方法更准确，"
                    "速度也比传统数值求解器快了几个数量级。"
                ),
                "tags": ["科学计算", "高效计算"],
                "image": True,
                "image_alt": "傅里叶层的结构：FFT、频域线性变换与逆 FFT",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "只关注少数采样点的可变形注意力，让 DETR 收敛快十倍",
                "original_title": (
                    "Deformable DETR: Deformable Transformers for End-to-End Object Detection"
                ),
                "source_url": "https://arxiv.org/abs/2010.04159",
                "summary": (
                    "DETR 把物体检测变成集合预测问题，但训练收敛很慢，小物体的精度也不理想。"
                    "Deformable DETR 让每个查询只在参考点附近的少量采样点上计算注意力，"
                    "采样位置的偏移由网络自己学习，并且很自然地扩展到多尺度特征图。在 COCO 上，"
                    "它只用约十分之一的训练轮数就超过了 DETR，小物体检测的提升尤其明显。"
                ),
                "tags": ["物体检测", "Transformer", "计算机视觉"],
                "image": True,
                "image_alt": "可变形注意力模块：参考点周围的采样点及其注意力权重",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "寻找“平坦”的极小值来提高泛化：SAM 优化方法",
                "original_title": (
                    "Sharpness-Aware Minimization for Efficiently Improving Generalization"
                ),
                "source_url": "https://arxiv.org/abs/2010.01412",
                "summary": (
                    "SAM 不只最小化当前参数处的损失，而是最小化参数邻域内最坏情况下的损失，"
                    "从而偏好损失曲面平坦的区域。实现上每一步只需多算一次梯度："
                    "先沿梯度方向对参数做一个小扰动，再用扰动点处的梯度更新原参数。它在 CIFAR、"
                    "ImageNet 和微调任务上都改善了泛化性能，对标签噪声也更加鲁棒。"
                ),
                "tags": ["优化", "泛化"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "articles",
                "headline": "用随机特征近似 softmax 注意力的 Performer",
                "original_title": "Rethinking Attention with Performers",
                "source_url": "https://ai.googleblog.com/2020/10/rethinking-attention-with-performers.html",
                "summary": (
                    "Google 的这篇博客解释了 Performer 的核心思路：用正交随机特征（FAVOR+）对 "
                    "softmax 核做无偏近似，把注意力的计算量和内存占用从序列长度的平方降到线性，"
                    "而且不需要假设注意力矩阵是稀疏或低秩的。"
                    "文中还展示了它在蛋白质序列建模上的应用。"
                ),
                "tags": ["Transformer", "高效计算"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://ai.googleblog.com/2020/10/rethinking-attention-with-performers.html",
                    "title": "Rethinking Attention with Performers",
                    "description": (
                        "A linear-complexity attention mechanism based on random features, "
                        "explained by the Google Research team."
                    ),
                    "site": "ai.googleblog.com",
                },
            },
            {
                "section": "use-cases",
                "headline": "乳腺癌筛查 AI 的国际评估（回顾）",
                "original_title": (
                    "International evaluation of an AI system for breast cancer screening"
                ),
                "source_url": "https://www.nature.com/articles/s41586-019-1799-6",
                "summary": (
                    "今年年初发表在 Nature 上的这项研究，用英国和美国的大规模乳腺 X "
                    "光数据训练了一个 AI 系统，它在两国的测试集上都减少了假阳性和假阴性，"
                    "在与六名放射科医生的对比中也表现更好。模拟实验还显示，在英国的双人阅片流程中，"
                    "它可以承担第二位读片者的大部分工作。本期“其他主题”"
                    "中的评论文章正是针对这项研究提出的质疑。"
                ),
                "tags": ["医疗", "计算机视觉"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "other",
                "headline": "研究者联名要求医疗 AI 论文公开代码与模型",
                "original_title": "Transparency and reproducibility in artificial intelligence",
                "source_url": "https://www.nature.com/articles/s41586-020-2766-y",
                "summary": (
                    "Nature 刊登了一篇由众多研究者联名撰写的 Matters Arising，"
                    "指出上面那篇乳腺癌筛查论文缺少方法细节和代码，其他人几乎无法复现或验证其结果。"
                    "作者认为，面向临床的 AI 研究应当共享代码、训练好的模型以及数据的获取方式，"
                    "否则其科学价值会大打折扣。原论文作者也在同期发表了回应。"
                ),
                "tags": ["医疗", "AI 伦理", "社区动态"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://www.nature.com/articles/s41586-020-2766-y",
                    "title": "Transparency and reproducibility in artificial intelligence",
                    "description": (
                        "A Matters Arising calling for code and model sharing in clinical AI "
                        "research."
                    ),
                    "site": "www.nature.com",
                },
            },
        ],
        "picks": [
            (3, "DETR 的实用化改进"),
            (1, "部署前一定要做压力测试"),
            (7, ""),
        ],
    },
    {
        "year": 2020,
        "week": 47,
        "intro": (
            "以下是我在 2020 年第 47 周读到的论文和文章。这一周自监督学习方面的新工作特别多，"
            "我挑了其中几篇。"
        ),
        "source_url": "",
        "entries": [
            {
                "section": "papers",
                "headline": "不用负样本、不用动量编码器，只靠 stop-gradient 的孪生网络",
                "original_title": "Exploring Simple Siamese Representation Learning",
                "source_url": "https://arxiv.org/abs/2011.10566",
                "summary": (
                    "SimSiam 表明，一个极其简单的孪生网络就能学到有用的图像表示："
                    "同一张图像的两个增强视图经过同一个编码器，其中一支再接一个预测头，另一支则做 "
                    "`stop-gradient`。它不需要负样本对、大批量或动量编码器。实验显示，"
                    "stop-gradient 是防止表示坍塌的关键，作者还把这种方法解释为一种类似 EM "
                    "的交替优化。"
                ),
                "tags": ["自监督学习", "计算机视觉"],
                "image": True,
                "image_alt": "SimSiam 的结构：两个视图、共享编码器、预测头与 stop-gradient",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "面向检测与分割的像素级对比学习",
                "original_title": (
                    "Dense Contrastive Learning for Self-Supervised Visual Pre-Training"
                ),
                "source_url": "https://arxiv.org/abs/2011.09157",
                "summary": (
                    "现有的自监督预训练大多只优化全局图像特征，和物体检测、"
                    "语义分割这类需要密集预测的下游任务并不完全匹配。DenseCL 在 MoCo "
                    "的基础上增加了一个密集投影头，在两个视图的局部特征之间建立对应关系，"
                    "并在特征图的每个位置上计算对比损失。它几乎不增加计算量，"
                    "迁移到检测和分割任务时明显优于 MoCo-v2。"
                ),
                "tags": ["自监督学习", "物体检测", "语义分割"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "让相似像素的特征互相传播，学习空间上平滑的表示",
                "original_title": (
                    "Propagate Yourself: Exploring Pixel-Level Consistency for Unsupervised Visual "
                    "Representation Learning"
                ),
                "source_url": "https://arxiv.org/abs/2011.10043",
                "summary": (
                    "与 DenseCL 思路相近，这项研究同样在像素级别做自监督学习。PixContrast "
                    "把两个视图中对应位置的像素当作正样本；PixPro 则引入像素传播模块，"
                    "用相似像素的特征来平滑当前像素，并要求两个视图的结果保持一致。在 Pascal VOC "
                    "和 COCO 的物体检测以及 Cityscapes 分割上，它的迁移效果都好于实例级的方法。"
                ),
                "tags": ["自监督学习", "物体检测"],
                "image": True,
                "image_alt": "像素传播模块示意：相似像素特征的加权平均",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "用元学习从数据中发现卷积这样的对称性",
                "original_title": "Meta-Learning Symmetries by Reparameterization",
                "source_url": "https://arxiv.org/abs/2007.02933",
                "summary": (
                    "卷积层把平移等变性直接写进了网络结构，但对于事先不知道的对称性，"
                    "我们很难手工设计相应的结构。MSR "
                    "把每一层的权重分解为一个共享的对称性矩阵和一组滤波参数："
                    "前者在**元学习**的外循环中从多个任务中学到，后者在内循环中针对具体任务调整。"
                    "实验表明，它能从数据中重新发现卷积的参数共享模式，"
                    "也能学到数据中存在的其他对称性。"
                ),
                "tags": ["元学习", "计算机视觉"],
                "image": True,
                "image_alt": "权重被分解为共享的对称性矩阵与任务特定的滤波参数",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "不改训练、只改采样：快 10~50 倍的扩散模型 DDIM",
                "original_title": "Denoising Diffusion Implicit Models",
                "source_url": "https://arxiv.org/abs/2010.02502",
                "summary": (
                    "DDPM 的生成质量很高，但采样时要模拟上千步马尔可夫链。DDIM "
                    "构造了一族非马尔可夫的前向过程，它们与 DDPM 共享同一个训练目标，"
                    "因此可以直接使用训练好的 DDPM 模型。在对应的生成过程中可以跳过大量中间步骤，"
                    "甚至做到完全确定性的采样，速度提升 10 到 50 倍；"
                    "确定性采样还让在隐空间中做有意义的插值成为可能。"
                ),
                "tags": ["扩散模型", "生成模型"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "articles",
                "headline": "解剖玩 CoinRun 的强化学习智能体看到了什么",
                "original_title": "Understanding RL Vision",
                "source_url": "https://distill.pub/2020/understanding-rl-vision/",
                "summary": (
                    "Distill 上的一篇交互式文章，分析在 CoinRun 游戏中训练的智能体的视觉部分。"
                    "作者结合特征可视化和归因方法做出了一个分析界面，可以看到网络识别出了哪些物体，"
                    "例如障碍物、硬币和敌人，进而找到智能体失败的原因。"
                    "他们还通过编辑模型中的特定特征，让智能体“看不见”某种障碍物，"
                    "以此检验解释是否正确。"
                ),
                "tags": ["强化学习", "可解释性", "游戏"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://distill.pub/2020/understanding-rl-vision/",
                    "title": "Understanding RL Vision",
                    "description": (
                        "An interactive look at what a CoinRun agent's vision model has learned, "
                        "using attribution and feature visualization."
                    ),
                    "site": "distill.pub",
                },
            },
            {
                "section": "use-cases",
                "headline": "哼一段旋律就能找到歌曲：“哼歌搜索”背后的模型",
                "original_title": "The Machine Learning Behind Hum to Search",
                "source_url": "https://ai.googleblog.com/2020/11/the-machine-learning-behind-hum-to.html",
                "summary": (
                    "Google 搜索上线了“哼歌识曲”功能。这篇博客介绍了背后的模型：它把哼唱、"
                    "口哨或演唱的音频直接映射为代表旋律的嵌入向量，"
                    "再与曲库中歌曲录音的嵌入进行比对，而不需要先把音频转成音符序列。"
                    "为了获得足够的训练数据，团队借助 SPICE 音高提取模型和音频合成等手段，"
                    "从现有录音中模拟出类似哼唱的音频。"
                ),
                "tags": ["语音", "检索"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://ai.googleblog.com/2020/11/the-machine-learning-behind-hum-to.html",
                    "title": "The Machine Learning Behind Hum to Search",
                    "description": (
                        "How Google matches a hummed, whistled or sung melody to the original "
                        "recording."
                    ),
                    "site": "ai.googleblog.com",
                },
            },
            {
                "section": "other",
                "headline": "苹果发布针对 Mac 优化的 TensorFlow 分支",
                "original_title": "Mac-optimized TensorFlow and TensorFlow Addons",
                "source_url": "https://github.com/apple/tensorflow_macos",
                "summary": (
                    "苹果在 GitHub 上公开了 `tensorflow_macos`，这是基于 TensorFlow 2.4 "
                    "的预发布版本，通过 ML Compute 框架在 Mac 上实现硬件加速训练。搭载 M1 "
                    "芯片的新款 Mac 和基于 Intel 处理器的 Mac 都可以使用。"
                    "不过目前它还是一个独立的分支，需要手动下载 wheel 包安装。"
                ),
                "tags": ["TensorFlow", "深度学习框架"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://github.com/apple/tensorflow_macos",
                    "title": "apple/tensorflow_macos",
                    "description": (
                        "TensorFlow for macOS 11.0+ accelerated using Apple's ML Compute framework."
                    ),
                    "site": "github.com",
                },
            },
        ],
        "picks": [
            (0, "极简的自监督学习"),
            (3, ""),
            (7, "M1 Mac 用户的好消息"),
        ],
    },
    {
        "year": 2020,
        "week": 48,
        "intro": (
            "以下是我在 2020 年第 48 周读到的论文和文章。这一周 NeRF 相关的论文接连出现，"
            "本期介绍其中三篇。"
        ),
        "source_url": "",
        "entries": [
            {
                "section": "papers",
                "headline": "把场景表示为多个物体的神经特征场，实现可控的图像生成",
                "original_title": (
                    "GIRAFFE: Representing Scenes as Compositional Generative Neural Feature Fields"
                ),
                "source_url": "https://arxiv.org/abs/2011.12100",
                "summary": (
                    "GIRAFFE 把场景看作若干个物体和背景的组合，"
                    "每个部分都用一个生成式神经特征场表示，并有各自的形状、外观和位姿参数。"
                    "这些特征场叠加后，先以低分辨率做体渲染得到特征图，"
                    "再由二维神经渲染器上采样为最终图像。模型只用无标注的二维图片训练，"
                    "生成时却能单独平移、旋转某个物体，或者改变相机视角。"
                ),
                "tags": ["生成模型", "NeRF", "3D"],
                "image": True,
                "image_alt": "单独移动和旋转场景中的汽车、背景保持不变的生成结果",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "用手机随手拍的自拍视频重建可形变的 NeRF",
                "original_title": "Nerfies: Deformable Neural Radiance Fields",
                "source_url": "https://arxiv.org/abs/2011.12948",
                "summary": (
                    "NeRF 假设场景是静止的，但拍人像时人总会有细微的动作。Nerfies "
                    "为每一帧学习一个形变场，把观测空间中的点映射回一个共享的标准空间，"
                    "再在标准空间中查询 NeRF。为了防止形变过于自由，"
                    "作者加入了**弹性正则化**和由粗到细的优化策略。只需用手机挥动着拍一段视频，"
                    "就能得到可以自由变换视角的高质量“自拍”。"
                ),
                "tags": ["NeRF", "3D", "计算机视觉"],
                "image": True,
                "image_alt": "手机拍摄的人像以及从新视角渲染的图像和深度图",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "给 NeRF 加上时间维度，渲染动态场景",
                "original_title": "D-NeRF: Neural Radiance Fields for Dynamic Scenes",
                "source_url": "https://arxiv.org/abs/2011.13961",
                "summary": (
                    "D-NeRF 把时间作为额外输入，用一个形变网络把任意时刻的点映射到标准时刻的位置，"
                    "再用标准空间中的辐射场计算颜色和密度。它针对的是单个相机拍摄、"
                    "物体发生非刚性运动的场景，训练时每个时刻只有一个视角。"
                    "作者在合成的动态物体数据上展示了新视角和新时刻的图像合成。"
                ),
                "tags": ["NeRF", "3D"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "只用 100 个可学习候选框的稀疏物体检测",
                "original_title": (
                    "Sparse R-CNN: End-to-End Object Detection with Learnable Proposals"
                ),
                "source_url": "https://arxiv.org/abs/2011.12450",
                "summary": (
                    "主流的物体检测器依赖成千上万的锚框或密集的候选点，最后再用 NMS "
                    "去掉重复的结果。Sparse R-CNN 只保留一小组（例如 100 个）"
                    "可学习的候选框及对应的候选特征，由动态实例交互头逐级细化。"
                    "它以集合预测的方式直接输出结果，不需要 NMS，在 COCO "
                    "上的精度和收敛速度都与成熟的检测器相当。"
                ),
                "tags": ["物体检测", "计算机视觉"],
                "image": True,
                "image_alt": "稠密、稠密到稀疏与完全稀疏三种检测范式的比较",
                "card": None,
            },
            {
                "section": "articles",
                "headline": "元学习入门：从度量学习到 MAML",
                "original_title": "Meta-Learning: Learning to Learn Fast",
                "source_url": "https://lilianweng.github.io/lil-log/2018/11/30/meta-learning.html",
                "summary": (
                    "虽然是 2018 年的文章，但它依然是理解元学习最好的入门材料之一。"
                    "作者把方法分为三类：基于度量的方法（如孪生网络、原型网络）、"
                    "基于模型的方法（如记忆增强网络）以及基于优化的方法（如 MAML 和 Reptile），"
                    "并用统一的符号推导了它们的训练目标。"
                ),
                "tags": ["元学习", "优化"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://lilianweng.github.io/lil-log/2018/11/30/meta-learning.html",
                    "title": "Meta-Learning: Learning to Learn Fast",
                    "description": (
                        "A walk through metric-based, model-based and optimization-based "
                        "approaches to meta-learning."
                    ),
                    "site": "lilianweng.github.io",
                },
            },
            {
                "section": "use-cases",
                "headline": "画出身体部位的轮廓，GAN 帮你生成奇幻生物",
                "original_title": "Using GANs to Create Fantastical Creatures",
                "source_url": "https://ai.googleblog.com/2020/11/using-gans-to-create-fantastical.html",
                "summary": (
                    "Google Stadia 团队介绍了一个原型工具：用户在画布上用不同颜色标出头、翅膀、"
                    "爪子等身体部位，条件 GAN 就会据此生成带有纹理和光影的奇幻生物图像。"
                    "训练数据来自美术人员制作的三维生物模型，由它们渲染出成对的分割图和图像。"
                    "这个工具的目的不是取代美术，而是帮助他们更快地尝试各种创意。"
                ),
                "tags": ["GAN", "生成模型"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://ai.googleblog.com/2020/11/using-gans-to-create-fantastical.html",
                    "title": "Using GANs to Create Fantastical Creatures",
                    "description": (
                        "A prototype tool that turns a sketched map of creature parts into a "
                        "detailed, textured image."
                    ),
                    "site": "ai.googleblog.com",
                },
            },
            {
                "section": "other",
                "headline": "Google 公开带三维边界框标注的物体视频数据集 Objectron",
                "original_title": "Announcing the Objectron Dataset",
                "source_url": "https://ai.googleblog.com/2020/11/announcing-objectron-dataset.html",
                "summary": (
                    "Objectron 由大量以物体为中心的短视频组成，涵盖自行车、书、瓶子、相机、椅子、"
                    "鞋等九类日常物品，每段视频都附有相机位姿、稀疏点云和人工标注的三维边界框。"
                    "Google 同时发布了基于 MediaPipe 的三维物体检测模型和评价指标，"
                    "方便在移动设备上做实时的三维检测。"
                ),
                "tags": ["数据集", "物体检测", "3D"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://ai.googleblog.com/2020/11/announcing-objectron-dataset.html",
                    "title": "Announcing the Objectron Dataset",
                    "description": (
                        "Short object-centric videos with 3D bounding boxes, camera poses and "
                        "point clouds, released by Google Research."
                    ),
                    "site": "ai.googleblog.com",
                },
            },
        ],
        "picks": [
            (0, "可以单独操控场景中每个物体的生成模型"),
            (1, ""),
            (6, ""),
        ],
    },
    {
        "year": 2020,
        "week": 49,
        "intro": (
            "以下是我在 2020 年第 49 周读到的论文和文章。AlphaFold 的消息让这一周格外热闹，AI "
            "伦理方面也发生了一件大事。"
        ),
        "source_url": "",
        "entries": [
            {
                "section": "papers",
                "headline": "只用一张或几张图片就能推断辐射场的 pixelNeRF",
                "original_title": "pixelNeRF: Neural Radiance Fields from One or Few Images",
                "source_url": "https://arxiv.org/abs/2012.02190",
                "summary": (
                    "原始的 NeRF 需要对每个场景用几十张图片单独优化。pixelNeRF "
                    "先用卷积编码器从输入图像中提取特征，"
                    "再把三维点投影到图像平面上取出对应位置的特征，作为 NeRF 网络的条件输入。"
                    "这样模型就能从大量场景中学到先验，测试时无需再优化，"
                    "只凭一张或少数几张图片即可合成新视角，甚至能泛化到训练时没见过的物体类别。"
                ),
                "tags": ["NeRF", "3D", "计算机视觉"],
                "image": True,
                "image_alt": "从单张输入图像合成的椅子和汽车的新视角",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "用元学习为 NeRF 等坐标网络找到好的初始权重",
                "original_title": (
                    "Learned Initializations for Optimizing Coordinate-Based Neural Representations"
                ),
                "source_url": "https://arxiv.org/abs/2012.02189",
                "summary": (
                    "基于坐标的神经表示（如 NeRF、SIREN）通常从随机初始化开始，为每个信号单独优化，"
                    "收敛很慢。作者用 MAML、Reptile 等**元学习**算法，在同一类信号（如人脸图像、"
                    "三维形状）上学到一组初始权重。从这组初始值出发，"
                    "只需少量梯度步就能拟合新的信号；在观测很少时，它还起到先验的作用，"
                    "例如只用很少的照片就能重建旅游地标的 NeRF。"
                ),
                "tags": ["元学习", "NeRF", "优化"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "以 SIREN 为生成器的 3D 感知 GAN",
                "original_title": (
                    "pi-GAN: Periodic Implicit Generative Adversarial Networks for 3D-Aware Image "
                    "Synthesis"
                ),
                "source_url": "https://arxiv.org/abs/2012.00926",
                "summary": (
                    "pi-GAN 的生成器是一个以隐式辐射场形式表示的 SIREN 网络，噪声通过 FiLM "
                    "调制它的正弦激活层，再经体渲染得到图像，因此生成结果天然具有多视角一致性。"
                    "与在二维卷积生成器上加三维约束的方法相比，"
                    "它生成的人脸和汽车在转动视角时更加一致，同时还能得到粗略的三维形状。"
                ),
                "tags": ["GAN", "NeRF", "3D"],
                "image": True,
                "image_alt": "同一张生成人脸在不同相机角度下的渲染结果",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "让对手来设计关卡：基于遗憾的环境自动生成",
                "original_title": (
                    "Emergent Complexity and Zero-shot Transfer via Unsupervised Environment Design"
                ),
                "source_url": "https://arxiv.org/abs/2012.02096",
                "summary": (
                    "作者提出了无监督环境设计（UED）这一问题设定，并给出 PAIRED 算法："
                    "一个对手智能体负责生成环境，目标是最大化主角与另一个“反派”智能体之间的回报差，"
                    "也就是**遗憾**。这样对手会倾向于生成可以解决、但对主角仍有难度的环境，"
                    "自然形成由易到难的课程。在迷宫导航和赛车任务中，用 PAIRED "
                    "训练的智能体在没见过的复杂环境中表现出更好的零样本迁移能力。"
                ),
                "tags": ["强化学习", "泛化", "游戏"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "articles",
                "headline": "DeepMind 介绍内部基于 JAX 的研究工具生态",
                "original_title": "Using JAX to accelerate our research",
                "source_url": "https://deepmind.com/blog/article/using-jax-to-accelerate-our-research",
                "summary": (
                    "DeepMind 解释了为什么越来越多的研究项目转向 JAX：`grad`、`jit`、`vmap`、"
                    "`pmap` 这些可组合的函数变换既灵活，又能在 TPU 上高效运行。文章还介绍了围绕 "
                    "JAX 搭建的一系列开源库，例如神经网络库 Haiku、优化库 Optax、强化学习组件库 "
                    "RLax 以及测试工具 Chex。"
                ),
                "tags": ["深度学习框架", "高效计算"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://deepmind.com/blog/article/using-jax-to-accelerate-our-research",
                    "title": "Using JAX to accelerate our research",
                    "description": (
                        "How DeepMind researchers use JAX together with libraries such as Haiku, "
                        "Optax and RLax."
                    ),
                    "site": "deepmind.com",
                },
            },
            {
                "section": "use-cases",
                "headline": "AlphaFold 在 CASP14 中以接近实验的精度预测蛋白质结构",
                "original_title": (
                    "AlphaFold: a solution to a 50-year-old grand challenge in biology"
                ),
                "source_url": "https://deepmind.com/blog/article/alphafold-a-solution-to-a-50-year-old-grand-challenge-in-biology",
                "summary": (
                    "DeepMind 宣布，新版 AlphaFold 在蛋白质结构预测竞赛 CASP14 中，全部目标的 GDT "
                    "中位数达到 92.4，对大多数蛋白质而言，其精度已能与实验测定方法相比。"
                    "新系统以注意力机制为核心，从氨基酸序列和多序列比对端到端地推断三维结构。"
                    "详细论文尚未发表，但这一结果有望加快药物研发和疾病机理的研究。"
                ),
                "tags": ["科学计算", "医疗"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://deepmind.com/blog/article/alphafold-a-solution-to-a-50-year-old-grand-challenge-in-biology",
                    "title": "AlphaFold: a solution to a 50-year-old grand challenge in biology",
                    "description": (
                        "DeepMind's protein structure prediction system and its results at the "
                        "CASP14 assessment."
                    ),
                    "site": "deepmind.com",
                },
            },
            {
                "section": "use-cases",
                "headline": "用强化学习控制平流层气球，在太平洋上空定点飞行",
                "original_title": (
                    "Autonomous navigation of stratospheric balloons using reinforcement learning"
                ),
                "source_url": "https://www.nature.com/articles/s41586-020-2939-8",
                "summary": (
                    "Google 与 Loon 的团队用深度强化学习训练了超压气球的飞行控制器。"
                    "气球只能通过升降高度来借助不同方向的风，因此要在目标区域上空停留并不容易。"
                    "控制器在加入数据增强的模拟风场中训练，以应对天气预报误差和稀疏的风速测量。"
                    "在太平洋上空为期 39 天的实地实验中，它的表现超过了 Loon 原有的控制算法。"
                ),
                "tags": ["强化学习", "气候与环境"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://www.nature.com/articles/s41586-020-2939-8",
                    "title": (
                        "Autonomous navigation of stratospheric balloons using reinforcement "
                        "learning"
                    ),
                    "description": (
                        "A reinforcement-learning flight controller deployed on Loon superpressure "
                        "balloons."
                    ),
                    "site": "www.nature.com",
                },
            },
            {
                "section": "other",
                "headline": "导致 Timnit Gebru 离开 Google 的那篇论文写了什么",
                "original_title": (
                    "We read the paper that forced Timnit Gebru out of Google. Here’s what it says"
                ),
                "source_url": "https://www.technologyreview.com/2020/12/04/1013294/google-ai-ethics-research-paper-forced-out-timnit-gebru/",
                "summary": (
                    "Google 伦理 AI 团队的联合负责人 Timnit Gebru "
                    "因一篇论文的内部审查与公司发生争执，随后离开了 Google，引起业界广泛关注。MIT "
                    "Technology Review 拿到了这篇讨论大型语言模型风险的论文草稿，"
                    "并概述了它的主要论点：训练的环境与经济成本、海量网络文本中难以审查的偏见、"
                    "研究资源被投入到刷榜而非理解语言，以及看似流畅的生成文本可能被用来误导他人。"
                ),
                "tags": ["AI 伦理", "语言模型", "社区动态"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://www.technologyreview.com/2020/12/04/1013294/google-ai-ethics-research-paper-forced-out-timnit-gebru/",
                    "title": (
                        "We read the paper that forced Timnit Gebru out of Google. Here’s what it "
                        "says"
                    ),
                    "description": (
                        "A look at the draft paper on the risks of large language models at the "
                        "center of the dispute."
                    ),
                    "site": "www.technologyreview.com",
                },
            },
        ],
        "picks": [
            (5, "结构生物学的里程碑"),
            (0, ""),
            (7, ""),
        ],
    },
    {
        "year": 2020,
        "week": 50,
        "intro": (
            "以下是我在 2020 年第 50 周读到的论文和文章。这一周 NeurIPS 2020 在线上召开，"
            "本期也收录了几篇与单个神经元有关的研究。"
        ),
        "source_url": "",
        "entries": [
            {
                "section": "papers",
                "headline": "GPT-3 获得 NeurIPS 2020 最佳论文奖",
                "original_title": "Language Models are Few-Shot Learners",
                "source_url": "https://arxiv.org/abs/2005.14165",
                "summary": (
                    "在 NeurIPS 2020 上，OpenAI 的 GPT-3 论文是三篇最佳论文之一。论文训练了一个 "
                    "1750 亿参数的自回归语言模型，并表明只要在提示中给出任务描述和少量示例，"
                    "不更新任何权重，模型就能完成翻译、问答、算术等多种任务。"
                    "作者也用相当篇幅讨论了数据污染、偏见和滥用等问题。"
                ),
                "tags": ["语言模型", "自然语言处理", "Transformer"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "不需要 NMS 的全卷积端到端物体检测",
                "original_title": "End-to-End Object Detection with Fully Convolutional Network",
                "source_url": "https://arxiv.org/abs/2012.03544",
                "summary": (
                    "FCOS 等全卷积检测器在后处理中仍然离不开 NMS。作者分析发现，"
                    "一对多的标签分配是产生重复预测的根源，"
                    "于是提出了**预测感知的一对一标签分配**（POTO），并配合三维最大值滤波（3DMF）"
                    "增强局部区域内特征的区分度。这样的全卷积网络可以直接端到端地输出物体检测结果，"
                    "在 COCO 和拥挤场景数据集 CrowdHuman 上与带 NMS 的 FCOS 相当甚至更好。"
                ),
                "tags": ["物体检测", "计算机视觉"],
                "image": True,
                "image_alt": "一对多与一对一标签分配的对比示意",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "只靠对抗监督的语义图像合成",
                "original_title": (
                    "You Only Need Adversarial Supervision for Semantic Image Synthesis"
                ),
                "source_url": "https://arxiv.org/abs/2012.04781",
                "summary": (
                    "以 SPADE 为代表的语义图像合成方法，除了对抗损失外还严重依赖 VGG 感知损失。"
                    "OASIS 把判别器改造成一个语义分割网络，"
                    "对每个像素判断它属于哪个语义类别或者是“假”的，"
                    "从而为生成器提供空间上更细致的反馈。去掉感知损失之后，生成的图像更加多样；"
                    "通过对三维噪声做局部重采样，还能只改变图像中的某个区域。"
                ),
                "tags": ["GAN", "语义分割", "生成模型"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "用逻辑组合的概念来解释单个神经元",
                "original_title": "Compositional Explanations of Neurons",
                "source_url": "https://arxiv.org/abs/2006.14032",
                "summary": (
                    "以往的网络剖析通常只用一个概念（例如“水”）来描述一个**神经元**的行为。Mu 和 "
                    "Andreas 用束搜索寻找由 AND、OR、NOT 组合而成的逻辑公式，"
                    "使它与神经元的激活区域最为吻合。"
                    "这种组合式解释在视觉模型和自然语言推理模型中都揭示了有趣的现象："
                    "有的神经元对应抽象的语义组合，有的则暴露出模型依赖的虚假相关，"
                    "作者还据此构造出能骗过模型的“复制粘贴”对抗样本。"
                ),
                "tags": ["神经元", "可解释性", "自然语言处理"],
                "image": True,
                "image_alt": "一个神经元的激活区域及其对应的逻辑公式",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "同时完成视频全景分割和单目深度估计",
                "original_title": (
                    "ViP-DeepLab: Learning Visual Perception with Depth-aware Video Panoptic "
                    "Segmentation"
                ),
                "source_url": "https://arxiv.org/abs/2012.05258",
                "summary": (
                    "ViP-DeepLab 面向一个新任务——深度感知的视频全景分割："
                    "模型要在视频中为每个像素给出语义类别、跨帧保持一致的实例身份以及深度。它在 "
                    "Panoptic-DeepLab 的基础上，同时预测相邻两帧的实例中心和偏移来完成跟踪，"
                    "并增加了一个单目深度估计分支。作者还为此整理了两个派生数据集，"
                    "并提出了新的评价指标 DVPQ。"
                ),
                "tags": ["语义分割", "计算机视觉", "数据集"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "articles",
                "headline": "神经网络会自发学出许多“变换版本”的神经元",
                "original_title": "Naturally Occurring Equivariance in Neural Networks",
                "source_url": "https://distill.pub/2020/circuits/equivariance/",
                "summary": (
                    "Circuits 系列的新文章。作者观察到，在 InceptionV1 等图像模型中，"
                    "许多**神经元**是同一特征的变换版本，例如朝向不同的曲线检测器、"
                    "左右镜像的狗头检测器，以及只在颜色上有差别的变体。"
                    "它们之间的连接权重也呈现出相应的对称结构，说明即使没有在结构上强制等变性，"
                    "网络也会自己学到这样的规律。"
                ),
                "tags": ["神经元", "可解释性", "计算机视觉"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://distill.pub/2020/circuits/equivariance/",
                    "title": "Naturally Occurring Equivariance in Neural Networks",
                    "description": (
                        "Neural networks often learn several transformed copies of the same "
                        "feature, linked by symmetric weights."
                    ),
                    "site": "distill.pub",
                },
            },
            {
                "section": "use-cases",
                "headline": "用可迁移的强化学习优化计算图的执行",
                "original_title": "End-to-End, Transferable Deep RL for Graph Optimization",
                "source_url": "https://ai.googleblog.com/2020/12/end-to-end-transferable-deep-rl-for.html",
                "summary": (
                    "Google 介绍了一个用深度强化学习优化计算图在加速器上如何执行的框架，"
                    "可以处理设备放置、算子融合和调度等问题。它先用图神经网络编码计算图，"
                    "再用基于注意力的策略网络对整张图的节点同时做出决策。"
                    "由于策略可以在不同的计算图之间迁移，"
                    "面对新模型时只需少量微调就能得到不错的结果。"
                ),
                "tags": ["强化学习", "图神经网络", "高效计算"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://ai.googleblog.com/2020/12/end-to-end-transferable-deep-rl-for.html",
                    "title": "End-to-End, Transferable Deep RL for Graph Optimization",
                    "description": (
                        "Deep reinforcement learning for device placement, operation fusion and "
                        "scheduling of computational graphs."
                    ),
                    "site": "ai.googleblog.com",
                },
            },
            {
                "section": "other",
                "headline": "NeurIPS 2020 在线上举行",
                "original_title": "",
                "source_url": "",
                "summary": (
                    "受疫情影响，NeurIPS 2020 于 12 月 6 日至 12 日完全在线上举行。今年共收到约 9,"
                    "400 篇投稿，接收了约 1,900 篇，录用率约为 20%。从今年起，"
                    "投稿还需要附上一段关于研究可能带来的**更广泛影响**（broader impact）的陈述，"
                    "这一要求在社区中引发了不少讨论。"
                ),
                "tags": ["社区动态", "AI 伦理"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
        ],
        "picks": [
            (0, ""),
            (3, "用逻辑公式解释神经元"),
            (5, ""),
        ],
    },
    {
        "year": 2020,
        "week": 51,
        "intro": (
            "以下是我在 2020 年第 51 周读到的论文和文章。"
            "本期有一篇关于大型语言模型隐私风险的重要论文，也别错过 TensorFlow 2.4 的发布。"
        ),
        "source_url": "",
        "entries": [
            {
                "section": "papers",
                "headline": "从 GPT-2 中提取出逐字记住的训练数据",
                "original_title": "Extracting Training Data from Large Language Models",
                "source_url": "https://arxiv.org/abs/2012.07805",
                "summary": (
                    "研究者仅通过黑盒查询，就从 GPT-2 中提取出了数百条被逐字记住的训练文本，"
                    "其中包括姓名、电话号码、电子邮件地址等个人信息，以及代码和 UUID。"
                    "方法是先大量采样生成文本，再用模型困惑度与 zlib "
                    "压缩熵或更小模型困惑度的比值等指标排序，挑出最可能被记住的样本。实验还发现，"
                    "模型越大，越容易记住只出现过少数几次的内容。"
                ),
                "tags": ["语言模型", "AI 伦理"],
                "image": True,
                "image_alt": "训练数据提取攻击的流程：生成、排序、去重与人工核查",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "用卷积学码本、用 Transformer 组合：高分辨率图像合成",
                "original_title": "Taming Transformers for High-Resolution Image Synthesis",
                "source_url": "https://arxiv.org/abs/2012.09841",
                "summary": (
                    "Transformer 擅长建模长程依赖，但直接在像素上建模高分辨率图像代价太高。"
                    "作者先训练一个带有对抗损失和感知损失的 VQGAN，"
                    "把图像压缩成由离散码本索引构成的紧凑表示，再用自回归 Transformer "
                    "学习这些索引的组合方式。这样就能生成百万像素级别的图像，还可以用语义分割图、"
                    "深度图等作为条件来控制生成结果。"
                ),
                "tags": ["Transformer", "GAN", "生成模型"],
                "image": True,
                "image_alt": "由语义分割图生成的高分辨率风景图像",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "把图像表示为连续函数，实现任意倍率的超分辨率",
                "original_title": (
                    "Learning Continuous Image Representation with Local Implicit Image Function"
                ),
                "source_url": "https://arxiv.org/abs/2012.09161",
                "summary": (
                    "LIIF（局部隐式图像函数）用编码器把图像变成二维特征图，再用一个共享的 MLP，"
                    "根据某个坐标附近的特征和相对位置预测该点的 RGB 值。由于坐标是连续的，"
                    "训练好的模型可以输出任意分辨率的图像，即使是训练中没出现过的 ×30 "
                    "放大倍率也能表现良好。这个表示是通过自监督的超分辨率任务学到的。"
                ),
                "tags": ["计算机视觉", "自监督学习"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "把 ViT 直接用作 Faster R-CNN 的主干网络",
                "original_title": "Toward Transformer-Based Object Detection",
                "source_url": "https://arxiv.org/abs/2012.09958",
                "summary": (
                    "这项来自 Pinterest 的研究提出了 ViT-FRCNN：把 Vision Transformer "
                    "最后一层输出的各个图像块重新排列成特征图，交给 Faster R-CNN 的检测头使用。"
                    "它在 COCO 上取得了有竞争力的结果，并且在域外图像上表现更好、"
                    "对大物体检测更准确，对 NMS 的依赖也更小，说明纯 Transformer "
                    "主干同样可以胜任物体检测。"
                ),
                "tags": ["物体检测", "Transformer"],
                "image": True,
                "image_alt": "ViT-FRCNN 的结构：Transformer 输出重排为特征图后接检测头",
                "card": None,
            },
            {
                "section": "articles",
                "headline": "用人类偏好训练奖励模型，再用强化学习优化摘要",
                "original_title": "Learning to Summarize with Human Feedback",
                "source_url": "https://openai.com/blog/learning-to-summarize-with-human-feedback/",
                "summary": (
                    "OpenAI 的这篇博客介绍了如何用人类反馈微调语言模型："
                    "先收集人们对成对摘要的偏好比较，训练一个预测人类偏好的奖励模型，再用 PPO "
                    "针对这个奖励模型优化摘要策略。在 Reddit 的 TL;DR 数据集上，这样训练出的 13 "
                    "亿参数模型写出的摘要，比大约十倍规模、只做监督微调的模型更受人类评估者青睐。"
                    "文章也提醒，对奖励模型过度优化反而会让摘要质量下降。"
                ),
                "tags": ["强化学习", "自然语言处理", "语言模型"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://openai.com/blog/learning-to-summarize-with-human-feedback/",
                    "title": "Learning to Summarize with Human Feedback",
                    "description": (
                        "Applying reinforcement learning from human feedback to train language "
                        "models that write better summaries."
                    ),
                    "site": "openai.com",
                },
            },
            {
                "section": "use-cases",
                "headline": "在手机上同时追踪人体姿态、双手和面部",
                "original_title": (
                    "MediaPipe Holistic — Simultaneous Face, Hand and Pose Prediction, on Device"
                ),
                "source_url": "https://ai.googleblog.com/2020/12/mediapipe-holistic-simultaneous-face.html",
                "summary": (
                    "Google 发布了 MediaPipe Holistic，可以在手机等设备上实时地同时追踪人体姿态、"
                    "双手和面部，总共输出 540 多个关键点。它先用姿态模型估计人体的大致位置，"
                    "再据此裁剪出手部和面部区域，交给各自更高分辨率的专用模型处理，"
                    "从而兼顾精度和速度。可用于手语识别、健身指导、AR 特效等场景。"
                ),
                "tags": ["计算机视觉", "高效计算"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://ai.googleblog.com/2020/12/mediapipe-holistic-simultaneous-face.html",
                    "title": (
                        "MediaPipe Holistic — Simultaneous Face, Hand and Pose Prediction, on "
                        "Device"
                    ),
                    "description": (
                        "A pipeline that tracks body pose, hands and face together in real time on "
                        "mobile devices."
                    ),
                    "site": "ai.googleblog.com",
                },
            },
            {
                "section": "other",
                "headline": "TensorFlow 2.4 发布：混合精度转为稳定功能，新增 NumPy 接口",
                "original_title": "What’s new in TensorFlow 2.4?",
                "source_url": "https://blog.tensorflow.org/2020/12/whats-new-in-tensorflow-24.html",
                "summary": (
                    "TensorFlow 2.4 正式发布，主要更新如下：\n"
                    "\n"
                    "- `tf.distribute` 新增参数服务器训练的实验性支持，"
                    "`MultiWorkerMirroredStrategy` 转为稳定版；\n"
                    "- Keras 的混合精度 API 成为稳定功能；\n"
                    "- 新增实验性的 `tf.experimental.numpy` 模块；\n"
                    "- 支持 CUDA 11，并可在 Ampere 架构的 GPU 上使用 TensorFloat-32。"
                ),
                "tags": ["TensorFlow", "深度学习框架"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://blog.tensorflow.org/2020/12/whats-new-in-tensorflow-24.html",
                    "title": "What’s new in TensorFlow 2.4?",
                    "description": (
                        "An overview of the distributed training, mixed precision, NumPy API and "
                        "profiler updates in TensorFlow 2.4."
                    ),
                    "site": "blog.tensorflow.org",
                },
            },
        ],
        "picks": [
            (0, "大型语言模型的隐私风险"),
            (1, ""),
            (6, ""),
        ],
    },
    {
        "year": 2020,
        "week": 52,
        "intro": (
            "以下是我在 2020 年第 52 周读到的论文和文章。年底的论文也不少，图像 Transformer "
            "的话题依然很热。"
        ),
        "source_url": "",
        "entries": [
            {
                "section": "papers",
                "headline": "不用 JFT 也能训练好 ViT：数据高效的图像 Transformer",
                "original_title": (
                    "Training data-efficient image transformers & distillation through attention"
                ),
                "source_url": "https://arxiv.org/abs/2012.12877",
                "summary": (
                    "ViT 需要在 JFT-300M 这样的超大数据集上预训练才能发挥实力。DeiT 只使用 "
                    "ImageNet-1k，依靠精心调整的数据增强和正则化，在一台 8 卡机器上训练不到三天，"
                    "就达到了与 CNN 相当的精度。作者还提出了基于**蒸馏 token** 的知识蒸馏方法，"
                    "让学生 Transformer 通过注意力向教师学习，并发现用 CNN 作教师比用 Transformer "
                    "作教师的效果更好。"
                ),
                "tags": ["Transformer", "计算机视觉", "高效计算"],
                "image": True,
                "image_alt": "蒸馏 token 与类别 token 一起参与自注意力的示意图",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "在 ImageNet 上预训练、可用于多种底层视觉任务的 Transformer",
                "original_title": "Pre-Trained Image Processing Transformer",
                "source_url": "https://arxiv.org/abs/2012.00364",
                "summary": (
                    "IPT 面向去噪、去雨、超分辨率等底层视觉任务。作者给 ImageNet 图像人为加入噪声、"
                    "雨纹或做降采样，构造出大量退化图像与干净图像的配对，"
                    "用来预训练一个由多个任务专用头尾和共享 Transformer 主体组成的模型。"
                    "经过微调后，同一个预训练模型在多项任务上都超过了以往的专用方法。"
                ),
                "tags": ["Transformer", "计算机视觉"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "用 U-Net 当判别器，同时给出整体和逐像素的真假判断",
                "original_title": "A U-Net Based Discriminator for Generative Adversarial Networks",
                "source_url": "https://arxiv.org/abs/2002.12655",
                "summary": (
                    "这项 CVPR 2020 的工作把 GAN 的判别器换成了 **U-Net** 结构："
                    "编码器部分像普通判别器一样判断整张图像的真假，解码器部分则对每个像素给出判断，"
                    "为生成器提供更细致的空间反馈。作者还用 CutMix 把真假图像拼接在一起，"
                    "要求判别器的逐像素输出与拼接掩码一致，作为一致性正则化。在 FFHQ、CelebA "
                    "等数据集上，它在 BigGAN 的基础上明显改善了 FID。"
                ),
                "tags": ["GAN", "生成模型"],
                "image": True,
                "image_alt": "U-Net 判别器：编码器输出全局判断，解码器输出逐像素判断",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "在 StyleGAN 的通道级风格空间中找到解耦的控制",
                "original_title": (
                    "StyleSpace Analysis: Disentangled Controls for StyleGAN Image Generation"
                ),
                "source_url": "https://arxiv.org/abs/2011.12799",
                "summary": (
                    "作者研究了 StyleGAN2 中由各层仿射变换得到的通道级风格参数所构成的空间，称之为 "
                    "StyleSpace，并用新提出的指标表明它比常用的 W 和 W+ 空间解耦得更好。"
                    "他们还给出了只用少量示例图像就能找到控制特定局部区域或特定属性的风格通道的方"
                    "法。调整单个通道，就能改变发色、眼镜、嘴巴张合等属性，"
                    "而几乎不影响图像的其他部分。"
                ),
                "tags": ["GAN", "可解释性"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "articles",
                "headline": "语言生成中的解码方法：从贪心搜索到核采样",
                "original_title": (
                    "How to generate text: using different decoding methods for language "
                    "generation with Transformers"
                ),
                "source_url": "https://huggingface.co/blog/how-to-generate",
                "summary": (
                    "Hugging Face 的这篇教程用 `transformers` 库和 GPT-2，"
                    "逐一演示了语言生成中常用的解码方法：贪心搜索、束搜索、Top-K 采样和 Top-p（核）"
                    "采样，并介绍了温度、重复惩罚等参数的作用。"
                    "文章通过例子说明了为什么束搜索容易生成重复而乏味的文本，"
                    "而采样方法往往能得到更自然的结果。"
                ),
                "tags": ["自然语言处理", "语言模型"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://huggingface.co/blog/how-to-generate",
                    "title": (
                        "How to generate text: using different decoding methods for language "
                        "generation with Transformers"
                    ),
                    "description": (
                        "A hands-on comparison of greedy search, beam search, top-k and top-p "
                        "sampling with GPT-2."
                    ),
                    "site": "huggingface.co",
                },
            },
            {
                "section": "use-cases",
                "headline": "用神经网络做 8 小时降水预报的 MetNet",
                "original_title": "A Neural Weather Model for Eight-Hour Precipitation Forecasting",
                "source_url": "https://ai.googleblog.com/2020/03/a-neural-weather-model-for-eight-hour.html",
                "summary": (
                    "这是 Google 今年早些时候介绍的 MetNet：它直接以雷达和卫星图像为输入，用卷积 "
                    "LSTM 和轴向注意力处理大范围的空间上下文，以 1 "
                    "公里的空间分辨率输出美国本土未来 8 小时的降水概率分布。"
                    "与依赖超级计算机的数值天气预报相比，它几秒钟就能完成一次预报，并且在最长 7~8 "
                    "小时的预报时效内优于美国 NOAA 的高分辨率快速更新模型（HRRR）。"
                ),
                "tags": ["气候与环境", "计算机视觉"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://ai.googleblog.com/2020/03/a-neural-weather-model-for-eight-hour.html",
                    "title": "A Neural Weather Model for Eight-Hour Precipitation Forecasting",
                    "description": (
                        "MetNet forecasts precipitation at 1 km resolution up to eight hours ahead "
                        "from radar and satellite data."
                    ),
                    "site": "ai.googleblog.com",
                },
            },
            {
                "section": "other",
                "headline": "MuZero 论文正式发表在 Nature 上",
                "original_title": "MuZero: Mastering Go, chess, shogi and Atari without rules",
                "source_url": "https://deepmind.com/blog/article/muzero-mastering-go-chess-shogi-and-atari-without-rules",
                "summary": (
                    "DeepMind 的 MuZero 论文正式发表在 Nature 上。与需要知道游戏规则的 AlphaZero "
                    "不同，MuZero 学习的模型只预测与决策直接相关的量——价值、策略和奖励，"
                    "并在这个学到的模型中做树搜索规划。它在围棋、国际象棋和日本将棋上达到了 "
                    "AlphaZero 的水平，同时在 Atari 游戏上也取得了当时最好的成绩。"
                ),
                "tags": ["强化学习", "游戏"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://deepmind.com/blog/article/muzero-mastering-go-chess-shogi-and-atari-without-rules",
                    "title": "MuZero: Mastering Go, chess, shogi and Atari without rules",
                    "description": (
                        "A planning agent that learns a model of its environment instead of being "
                        "given the rules."
                    ),
                    "site": "deepmind.com",
                },
            },
        ],
        "picks": [
            (0, "数据高效的 ViT 训练方法"),
            (2, ""),
            (6, ""),
        ],
    },
    {
        "year": 2020,
        "week": 53,
        "intro": (
            "以下是我在 2020 年第 53 周读到的论文和文章，这也是 2020 年的最后一期。跨年这几天，"
            "语言模型方面出现了好几篇有意思的工作。"
        ),
        "source_url": "",
        "entries": [
            {
                "section": "papers",
                "headline": "用纯 Transformer 编码器做语义分割的 SETR",
                "original_title": (
                    "Rethinking Semantic Segmentation from a Sequence-to-Sequence Perspective with "
                    "Transformers"
                ),
                "source_url": "https://arxiv.org/abs/2012.15840",
                "summary": (
                    "SETR 把语义分割看成序列到序列的问题：图像被切成小块后送入与 ViT 类似的纯 "
                    "Transformer 编码器，不再使用逐步降采样的卷积主干，因此每一层都有全局感受野。"
                    "作者比较了简单上采样、渐进上采样（PUP）和多层特征聚合（MLA）三种解码器，在 "
                    "ADE20K 和 Pascal Context 上取得了当时最好的结果。"
                ),
                "tags": ["语义分割", "Transformer", "计算机视觉"],
                "image": True,
                "image_alt": "SETR 的结构：图像块序列、Transformer 编码器与解码器",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "让 BERT 级别的模型也能做好小样本学习：LM-BFF",
                "original_title": "Making Pre-trained Language Models Better Few-shot Learners",
                "source_url": "https://arxiv.org/abs/2012.15723",
                "summary": (
                    "GPT-3 的上下文学习需要极大的模型。LM-BFF 则针对 RoBERTa "
                    "这类中等规模的掩码语言模型，在只有少量标注样本时，以提示（prompt）"
                    "的形式对模型进行微调。它用 T5 自动生成提示模板、自动搜索标签词，"
                    "并把挑选过的示例拼接进输入作为演示。在多种分类和回归任务上，"
                    "平均比标准微调高出约 11 个百分点。"
                ),
                "tags": ["语言模型", "自然语言处理"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "由 22 个子集组成的 800GB 英文语料库 The Pile",
                "original_title": (
                    "The Pile: An 800GB Dataset of Diverse Text for Language Modeling"
                ),
                "source_url": "https://arxiv.org/abs/2101.00027",
                "summary": (
                    "EleutherAI 发布了用于训练大型语言模型的开源语料库 The Pile，总量约 825 GiB，"
                    "由 22 个来源各异的子集组成，包括 PubMed、arXiv、GitHub、Stack Exchange、"
                    "FreeLaw 以及书籍等。作者发现，未经调整的 GPT-2 和 GPT-3 "
                    "在学术写作等部分表现较差，而在 The Pile "
                    "上训练的模型在各个子集上都有更好的表现。"
                    "论文还讨论了数据中的偏见和文档授权等问题。"
                ),
                "tags": ["数据集", "语言模型"],
                "image": True,
                "image_alt": "The Pile 各子集所占比例的树状图",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "冻结语言模型，只训练一段连续的“前缀”",
                "original_title": "Prefix-Tuning: Optimizing Continuous Prompts for Generation",
                "source_url": "https://arxiv.org/abs/2101.00190",
                "summary": (
                    "微调大型语言模型需要为每个任务保存一整份参数。Prefix-Tuning 冻结模型本身，"
                    "只在每一层的激活前加上一段可训练的连续向量（前缀），后面的 token "
                    "可以像关注虚拟 token 一样关注它。在 GPT-2 的表格到文本生成和 BART "
                    "的摘要任务上，它只训练约 0.1% 的参数，就达到了与全量微调相近的效果，"
                    "在数据较少时甚至更好。"
                ),
                "tags": ["语言模型", "自然语言处理", "高效计算"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "articles",
                "headline": "如何控制语言模型生成的内容",
                "original_title": "Controllable Neural Text Generation",
                "source_url": "https://lilianweng.github.io/lil-log/2021/01/02/controllable-neural-text-generation.html",
                "summary": (
                    "如何让预训练语言模型生成符合特定主题、情感或风格的文本？Lilian Weng "
                    "在这篇长文中从解码策略、提示设计和模型微调三个方向梳理了现有方法，介绍了 "
                    "CTRL、PPLM 等代表性工作，以及基于人类反馈的强化学习微调。"
                ),
                "tags": ["自然语言处理", "语言模型"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://lilianweng.github.io/lil-log/2021/01/02/controllable-neural-text-generation.html",
                    "title": "Controllable Neural Text Generation",
                    "description": (
                        "A survey of decoding strategies, prompt design and fine-tuning methods "
                        "for steering language models."
                    ),
                    "site": "lilianweng.github.io",
                },
            },
            {
                "section": "other",
                "headline": "Google 开源 NLP 模型可视化分析工具 LIT",
                "original_title": (
                    "The Language Interpretability Tool (LIT): Interactive Exploration and "
                    "Analysis of NLP Models"
                ),
                "source_url": "https://ai.googleblog.com/2020/11/the-language-interpretability-tool-lit.html",
                "summary": (
                    "Google 开源了用于理解 NLP 模型的交互式工具 LIT。它在浏览器中提供显著性图、"
                    "注意力可视化、嵌入空间投影、按数据切片统计的指标以及反事实样本生成等功能，"
                    "帮助研究者找出模型在哪些样本上出错、又为什么出错。LIT 与框架无关，TensorFlow "
                    "和 PyTorch 的模型都可以接入。"
                ),
                "tags": ["可解释性", "自然语言处理"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://ai.googleblog.com/2020/11/the-language-interpretability-tool-lit.html",
                    "title": (
                        "The Language Interpretability Tool (LIT): Interactive Exploration and "
                        "Analysis of NLP Models"
                    ),
                    "description": (
                        "An open-source platform for visualizing and understanding NLP models."
                    ),
                    "site": "ai.googleblog.com",
                },
            },
        ],
        "picks": [
            (2, "开源的大规模语料库"),
            (3, ""),
            (4, ""),
        ],
    },
    {
        "year": 2021,
        "week": 1,
        "intro": (
            "以下是我在 2021 年第 1 周读到的论文和文章。新年第一周，OpenAI 一口气公布了 DALL·E 和 "
            "CLIP，多模态成为了最热门的话题。"
        ),
        "source_url": "",
        "entries": [
            {
                "section": "papers",
                "headline": "视觉 Transformer 的全面综述",
                "original_title": "Transformers in Vision: A Survey",
                "source_url": "https://arxiv.org/abs/2101.01169",
                "summary": (
                    "作者系统整理了 Transformer 在视觉领域的应用，"
                    "从自注意力和大规模自监督预训练的基础讲起，依次覆盖图像分类、物体检测、分割、"
                    "图像生成、视频理解、多模态任务以及三维分析等方向。"
                    "文中比较了不同模型的设计与性能，并讨论了计算开销和数据需求等尚待解决的问题。"
                ),
                "tags": ["Transformer", "计算机视觉"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "足够深的层级 VAE 可以在似然上超过自回归模型",
                "original_title": (
                    "Very Deep VAEs Generalize Autoregressive Models and Can Outperform Them on "
                    "Images"
                ),
                "source_url": "https://arxiv.org/abs/2011.10650",
                "summary": (
                    "OpenAI 的这项研究指出，只要层数足够多，层级 VAE 在理论上就能表示自回归模型，"
                    "而且还能学到更高效的隐变量表示。作者训练的非常深的 VAE 在 CIFAR-10、ImageNet "
                    "和 FFHQ 等数据集上取得了比 PixelCNN 类模型更好的对数似然，参数更少，"
                    "生成速度也快得多。为了稳定训练，作者还采用了跳过异常大梯度的更新等简单技巧。"
                ),
                "tags": ["生成模型", "计算机视觉"],
                "image": True,
                "image_alt": "VDVAE 在 FFHQ 上生成的人脸样本",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "用随机微分方程统一分数模型与扩散模型",
                "original_title": (
                    "Score-Based Generative Modeling through Stochastic Differential Equations"
                ),
                "source_url": "https://arxiv.org/abs/2011.13456",
                "summary": (
                    "这项工作把数据逐步加噪的过程看作一个连续时间的随机微分方程（SDE）。"
                    "只要用神经网络估计每个时刻的分数（对数密度的梯度），就能通过求解逆时间 SDE "
                    "从噪声生成数据，以往的 SMLD 和 DDPM 都是这个框架中的特例。"
                    "论文还提出了预测-校正采样器，以及可以精确计算似然的概率流 ODE，在 CIFAR-10 "
                    "上取得了当时最好的 FID，并首次让这类模型生成了 1024×1024 的人脸图像。"
                ),
                "tags": ["扩散模型", "生成模型"],
                "image": True,
                "image_alt": "通过逆时间 SDE 从噪声逐步生成图像的示意",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "用扩散模型生成语音波形的 DiffWave",
                "original_title": "DiffWave: A Versatile Diffusion Model for Audio Synthesis",
                "source_url": "https://arxiv.org/abs/2009.09761",
                "summary": (
                    "DiffWave 是一个非自回归的扩散模型，从白噪声出发，"
                    "经过固定步数的马尔可夫链逐步去噪，生成音频波形。"
                    "它既能作为以梅尔频谱为条件的声码器，也能按类别生成或者无条件地生成语音。"
                    "作为声码器时，它的音质与 WaveNet 相当，合成速度却快了几个数量级；"
                    "在无条件生成任务上，它明显优于自回归模型和 GAN。"
                ),
                "tags": ["扩散模型", "语音", "生成模型"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "articles",
                "headline": "从 4 亿图文对中学习视觉概念的 CLIP",
                "original_title": "CLIP: Connecting Text and Images",
                "source_url": "https://openai.com/blog/clip/",
                "summary": (
                    "OpenAI 发布了 CLIP：用从互联网收集的 4 亿对图像和文本，"
                    "通过对比学习同时训练图像编码器和文本编码器，"
                    "让相互匹配的图像和文本在嵌入空间中靠近。训练完成后，只要把类别名写成 “a photo "
                    "of a …” 这样的文本，就能在不使用目标数据集任何训练样本的情况下做**零样本**分"
                    "类，在 ImageNet 上的精度与有监督训练的 ResNet-50 相当，"
                    "而且对分布偏移更加鲁棒。博客也坦率讨论了它的局限和潜在偏见。"
                ),
                "tags": ["多模态", "计算机视觉", "检索"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://openai.com/blog/clip/",
                    "title": "CLIP: Connecting Text and Images",
                    "description": (
                        "A neural network that learns visual concepts from natural-language "
                        "supervision and can be applied zero-shot."
                    ),
                    "site": "openai.com",
                },
            },
            {
                "section": "other",
                "headline": "DeBERTa 在 SuperGLUE 上超过人类基线",
                "original_title": (
                    "Microsoft DeBERTa surpasses human performance on the SuperGLUE benchmark"
                ),
                "source_url": "https://www.microsoft.com/en-us/research/blog/microsoft-deberta-surpasses-human-performance-on-the-superglue-benchmark/",
                "summary": (
                    "微软宣布，15 亿参数的 DeBERTa 单模型在 SuperGLUE 排行榜上取得了 89.9 分，"
                    "超过了 89.8 分的人类基线，集成模型则达到 90.3 分。DeBERTa "
                    "的主要改进是**解耦注意力**（分别用内容向量和相对位置向量计算注意力权重）"
                    "以及在解码阶段引入绝对位置信息的增强掩码解码器。"
                ),
                "tags": ["语言模型", "自然语言处理", "Transformer"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://www.microsoft.com/en-us/research/blog/microsoft-deberta-surpasses-human-performance-on-the-superglue-benchmark/",
                    "title": (
                        "Microsoft DeBERTa surpasses human performance on the SuperGLUE benchmark"
                    ),
                    "description": (
                        "Microsoft Research on the disentangled attention model that topped the "
                        "SuperGLUE leaderboard."
                    ),
                    "site": "www.microsoft.com",
                },
            },
            {
                "section": "other",
                "headline": "根据文字描述生成图像的 DALL·E",
                "original_title": "DALL·E: Creating Images from Text",
                "source_url": "https://openai.com/blog/dall-e/",
                "summary": (
                    "OpenAI 公布了 DALL·E，一个 120 亿参数的 GPT-3 变体，它把文本和图像的 token "
                    "拼接成一个序列，用自回归的方式训练。博客中展示了大量生成例子："
                    "它能把毫不相关的概念组合在一起，比如“牛油果形状的扶手椅”，也能控制物体的属性、"
                    "数量和视角，甚至完成简单的视觉推理。展示的候选图像还会先用 CLIP 重新排序。"
                ),
                "tags": ["多模态", "生成模型", "Transformer"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://openai.com/blog/dall-e/",
                    "title": "DALL·E: Creating Images from Text",
                    "description": (
                        "OpenAI's text-to-image model, with examples of concepts combined from "
                        "natural-language prompts."
                    ),
                    "site": "openai.com",
                },
            },
        ],
        "picks": [
            (6, "“牛油果扶手椅”刷屏了"),
            (4, ""),
            (2, ""),
        ],
    },
    {
        "year": 2021,
        "week": 2,
        "intro": (
            "以下是我在 2021 年第 2 周读到的论文和文章。本期的主角是参数量达到万亿级别的 Switch "
            "Transformer。"
        ),
        "source_url": "",
        "entries": [
            {
                "section": "papers",
                "headline": "每个 token 只交给一个专家：万亿参数的 Switch Transformer",
                "original_title": (
                    "Switch Transformers: Scaling to Trillion Parameter Models with Simple and "
                    "Efficient Sparsity"
                ),
                "source_url": "https://arxiv.org/abs/2101.03961",
                "summary": (
                    "Switch Transformer 简化了混合专家（MoE）模型的路由方式，让每个 token "
                    "只被分配给一个前馈网络专家，降低了通信和计算开销，并配合选择性精度等技巧，"
                    "让稀疏模型也能用 bfloat16 稳定训练。在计算量相同的条件下，它的预训练速度比 "
                    "T5-Base 最多快 7 倍；作者最终训练出了参数量达 1.6 万亿的模型。"
                ),
                "tags": ["Transformer", "语言模型", "高效计算"],
                "image": True,
                "image_alt": "Switch 层中 token 经路由器分配到不同专家的示意",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "训练时多分支、推理时单路：结构重参数化的 RepVGG",
                "original_title": "RepVGG: Making VGG-style ConvNets Great Again",
                "source_url": "https://arxiv.org/abs/2101.03697",
                "summary": (
                    "RepVGG 在训练时给每个 3×3 卷积并联一个 1×1 卷积和一个恒等映射分支，以获得类似 "
                    "ResNet 的优化特性；训练结束后，再通过**结构重参数化**把三条分支等价地合并成一"
                    "个 3×3 卷积。得到的推理模型只由 3×3 卷积和 ReLU 堆叠而成，结构和 VGG "
                    "一样简单，在 ImageNet 上的 top-1 精度超过 80%，在 GPU 上的速度也明显快于 "
                    "ResNet-50。"
                ),
                "tags": ["计算机视觉", "高效计算"],
                "image": True,
                "image_alt": "训练时的多分支结构与推理时合并后的单路结构",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "在网格上做消息传递来学习物理模拟",
                "original_title": "Learning Mesh-Based Simulation with Graph Networks",
                "source_url": "https://arxiv.org/abs/2010.03409",
                "summary": (
                    "DeepMind 提出的 MeshGraphNets 把有限元等数值模拟所用的网格直接当作图，"
                    "用图神经网络沿网格的边以及世界空间中的邻近关系传递消息，"
                    "预测系统下一时刻的状态。它可以模拟空气动力学、结构力学、布料等多种物理系统，"
                    "还能学会自适应地细化网格。实验中，它比原始的数值模拟器快一到两个数量级。"
                ),
                "tags": ["图神经网络", "科学计算"],
                "image": True,
                "image_alt": "用网格表示的旗帜与机翼周围气流的模拟结果",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "在数千个任务上元训练的优化器，还能用来训练它自己",
                "original_title": (
                    "Tasks, stability, architecture, and compute: Training more effective learned "
                    "optimizers, and using them to train themselves"
                ),
                "source_url": "https://arxiv.org/abs/2009.11243",
                "summary": (
                    "与其手工设计 Adam 这样的优化器，不如用**元学习**直接学出参数更新规则。"
                    "这项研究在包含数千种训练任务的任务集上，"
                    "投入大量计算元训练了一个层级结构的神经网络优化器，"
                    "它会同时利用每个参数和整个张量层面的信息来决定更新量。"
                    "学到的优化器不需要手动调节学习率等超参数，能泛化到训练时没见过的任务，"
                    "甚至可以用来训练新的学习型优化器。"
                ),
                "tags": ["元学习", "优化"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "use-cases",
                "headline": "为电动汽车规划包含充电站的路线",
                "original_title": "Addressing Range Anxiety with Smart Electric Vehicle Routing",
                "source_url": "https://ai.googleblog.com/2021/01/addressing-range-anxiety-with-smart.html",
                "summary": (
                    "Google 介绍了在地图产品中为电动汽车规划路线的方法：除了距离和时间，"
                    "还要决定在哪些充电站停靠、各充多少电，并保证电量始终够用。"
                    "博客解释了为什么直接在庞大的道路图上搜索这样的路线代价很高，"
                    "以及团队如何精简搜索所用的图，在保证路线质量的同时满足线上服务的速度要求。"
                ),
                "tags": ["气候与环境", "优化"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://ai.googleblog.com/2021/01/addressing-range-anxiety-with-smart.html",
                    "title": "Addressing Range Anxiety with Smart Electric Vehicle Routing",
                    "description": (
                        "Routing electric vehicles through charging stations quickly enough for an "
                        "online service."
                    ),
                    "site": "ai.googleblog.com",
                },
            },
            {
                "section": "other",
                "headline": "Google Research 回顾 2020 年并展望 2021 年",
                "original_title": "Google Research: Looking Back at 2020, and Forward to 2021",
                "source_url": "https://ai.googleblog.com/2021/01/google-research-looking-back-at-2020.html",
                "summary": (
                    "Jeff Dean 代表 Google Research 发表了年度回顾长文，内容涵盖新冠疫情相关研究、"
                    "医疗健康、天气与环境、无障碍、负责任的 AI、自然语言理解、机器学习算法、"
                    "强化学习、AutoML 以及量子计算等方面。文中附有大量论文和博客的链接，"
                    "很适合用来补课。"
                ),
                "tags": ["社区动态", "医疗", "气候与环境"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://ai.googleblog.com/2021/01/google-research-looking-back-at-2020.html",
                    "title": "Google Research: Looking Back at 2020, and Forward to 2021",
                    "description": (
                        "A yearly review of research across health, climate, responsible AI, "
                        "language, algorithms and more."
                    ),
                    "site": "ai.googleblog.com",
                },
            },
        ],
        "picks": [
            (0, "万亿参数时代"),
            (1, ""),
            (3, ""),
        ],
    },
    {
        "year": 2021,
        "week": 3,
        "intro": (
            "以下是我在 2021 年第 3 周读到的论文和文章。年初的回顾文章陆续出现，"
            "本期挑了两篇值得收藏的。"
        ),
        "source_url": "",
        "entries": [
            {
                "section": "papers",
                "headline": "剖析网络中的单个神经元：它们各自学到了什么概念",
                "original_title": (
                    "Understanding the role of individual units in a deep neural network"
                ),
                "source_url": "https://arxiv.org/abs/2009.05041",
                "summary": (
                    "Bau 等人用网络剖析（network dissection）的方法，把场景分类 CNN 和生成场景的 "
                    "GAN 中的每个**神经元**与物体、部件、材质等概念对应起来。在分类器中，"
                    "移除少数几个神经元就会显著影响某个类别的准确率；在 GAN 中，"
                    "激活或关闭特定的神经元，就能在生成图像中添加或去掉树木、门等物体。"
                    "这为理解和编辑深度网络提供了一种直观的手段。"
                ),
                "tags": ["神经元", "可解释性", "GAN"],
                "image": True,
                "image_alt": "关闭 GAN 中与树相关的神经元前后生成的图像对比",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "能捕捉语音周期结构的高效声码器 HiFi-GAN",
                "original_title": (
                    "HiFi-GAN: Generative Adversarial Networks for Efficient and High Fidelity "
                    "Speech Synthesis"
                ),
                "source_url": "https://arxiv.org/abs/2010.05646",
                "summary": (
                    "语音由不同周期的正弦信号组成，HiFi-GAN 据此设计了**多周期判别器**："
                    "把一维波形按不同周期重排成二维，分别判断真假，再配合多尺度判别器一起使用。在 "
                    "LJSpeech 上，它的主观评分接近真人录音，在单块 V100 GPU 上的合成速度超过实时的 "
                    "160 倍；小型版本甚至能在 CPU 上比实时更快地运行。"
                ),
                "tags": ["语音", "GAN", "生成模型"],
                "image": True,
                "image_alt": "多周期判别器把一维波形按周期重排为二维的示意",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "为寻找可再生能源催化剂而建立的大规模数据集 OC20",
                "original_title": "The Open Catalyst 2020 (OC20) Dataset and Community Challenges",
                "source_url": "https://arxiv.org/abs/2010.09990",
                "summary": (
                    "Facebook AI 与卡内基梅隆大学发布了 OC20 数据集，包含约 128 "
                    "万次吸附物—催化剂表面结构弛豫的密度泛函理论（DFT）计算，总计约 2.6 "
                    "亿个单点计算结果。它定义了预测能量和受力、"
                    "从初始结构预测弛豫后的能量或结构等三项任务，并用 SchNet、DimeNet++ "
                    "等图神经网络给出了基线。目标是用机器学习加速可再生能源存储所需催化剂的筛选。"
                ),
                "tags": ["数据集", "科学计算", "气候与环境", "图神经网络"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "papers",
                "headline": "梯度饥饿：容易学的特征会“饿死”其他有用的特征",
                "original_title": "Gradient Starvation: A Learning Proclivity in Neural Networks",
                "source_url": "https://arxiv.org/abs/2011.09468",
                "summary": (
                    "用交叉熵训练的神经网络往往只依赖最先学会的一部分特征，"
                    "即使其他特征同样有预测力也会被忽略，作者把这种现象称为**梯度饥饿**。"
                    "他们借助动力系统和神经正切核的工具，"
                    "从理论上分析了一个特征的学习如何抑制其他特征的梯度，"
                    "并据此提出了一种名为谱解耦（Spectral Decoupling）的简单正则化方法。"
                ),
                "tags": ["泛化", "优化"],
                "image": False,
                "image_alt": "",
                "card": None,
            },
            {
                "section": "articles",
                "headline": "Sebastian Ruder 总结 2020 年机器学习与 NLP 的研究亮点",
                "original_title": "ML and NLP Research Highlights of 2020",
                "source_url": "https://ruder.io/research-highlights-2020/",
                "summary": (
                    "Sebastian Ruder 选出了他认为 2020 年最值得关注的十个研究方向，"
                    "包括模型的扩大与小型化、检索增强、少样本学习、对比学习、超越准确率的评估、"
                    "大型语言模型的实际问题、多语言能力、图像 Transformer、"
                    "面向科学的机器学习以及强化学习。每个方向都简要说明了发生了什么、"
                    "为什么重要以及接下来值得关注什么。"
                ),
                "tags": ["社区动态", "自然语言处理"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://ruder.io/research-highlights-2020/",
                    "title": "ML and NLP Research Highlights of 2020",
                    "description": (
                        "Ten research areas that stood out in machine learning and NLP in 2020."
                    ),
                    "site": "ruder.io",
                },
            },
            {
                "section": "articles",
                "headline": "在 Transformers 中用 ZeRO 训练更大的模型",
                "original_title": "Fit More and Train Faster With ZeRO via DeepSpeed and FairScale",
                "source_url": "https://huggingface.co/blog/zero-deepspeed-fairscale",
                "summary": (
                    "Hugging Face 介绍了 `transformers` 的 Trainer 对 DeepSpeed 和 FairScale "
                    "的集成。二者都实现了微软提出的 ZeRO 技术，把优化器状态、梯度等分片到多张 GPU "
                    "上，或者卸载到 CPU 内存中，从而在同样的硬件上训练更大的模型、使用更大的批量。"
                    "文章给出了实测对比和启用方法。"
                ),
                "tags": ["PyTorch", "深度学习框架", "高效计算"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://huggingface.co/blog/zero-deepspeed-fairscale",
                    "title": "Fit More and Train Faster With ZeRO via DeepSpeed and FairScale",
                    "description": (
                        "Using the ZeRO integrations of DeepSpeed and FairScale in the "
                        "transformers Trainer."
                    ),
                    "site": "huggingface.co",
                },
            },
            {
                "section": "other",
                "headline": "覆盖英语、印地语和泰卢固语的视觉语言导航数据集 RxR",
                "original_title": (
                    "RxR: A Multilingual Benchmark for Navigation Instruction Following"
                ),
                "source_url": "https://ai.googleblog.com/2021/01/rxr-multilingual-benchmark-for.html",
                "summary": (
                    "Google 发布了 Room-Across-Room（RxR）数据集，"
                    "用于研究智能体如何按照自然语言指令，在真实室内环境的三维扫描中导航。"
                    "它包含英语、印地语和泰卢固语三种语言的大量路线描述。"
                    "数据集还为指令中的每个词记录了讲述者当时在虚拟环境中的位置和视线姿态，"
                    "提供了语言与视觉之间细粒度的对应关系。"
                ),
                "tags": ["数据集", "多模态", "自然语言处理"],
                "image": False,
                "image_alt": "",
                "card": {
                    "url": "https://ai.googleblog.com/2021/01/rxr-multilingual-benchmark-for.html",
                    "title": "RxR: A Multilingual Benchmark for Navigation Instruction Following",
                    "description": (
                        "A multilingual dataset of navigation instructions grounded in "
                        "photorealistic indoor environments."
                    ),
                    "site": "ai.googleblog.com",
                },
            },
        ],
        "picks": [
            (0, "GAN 里的“树神经元”"),
            (4, ""),
            (1, ""),
        ],
    },
]
